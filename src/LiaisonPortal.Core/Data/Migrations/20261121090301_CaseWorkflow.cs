using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CaseWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "AnswerDueOn",
                table: "Opinions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ClosedAt",
                table: "Opinions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalatedToRegionId",
                table: "Opinions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FedBackAt",
                table: "Opinions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "FeedbackDueOn",
                table: "Opinions",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<int>(
                name: "HandlingRound",
                table: "Opinions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "IsOverdue",
                table: "Opinions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "LeaderAttention",
                table: "Opinions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MergedIntoId",
                table: "Opinions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Supervision",
                table: "Opinions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ClassificationRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Keyword = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<int>(type: "integer", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassificationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassificationRules_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DeadlineRules",
                columns: table => new
                {
                    Grade = table.Column<int>(type: "integer", nullable: false),
                    ForwardDays = table.Column<int>(type: "integer", nullable: false),
                    ReachDays = table.Column<int>(type: "integer", nullable: false),
                    AnswerDays = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeadlineRules", x => x.Grade);
                    table.CheckConstraint("CK_DeadlineRules_Days", "\"ForwardDays\" BETWEEN 0 AND 60 AND \"ReachDays\" BETWEEN 0 AND 60 AND \"AnswerDays\" BETWEEN 1 AND 120");
                });

            migrationBuilder.CreateTable(
                name: "OpinionAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OpinionId = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    HandlingUnitId = table.Column<int>(type: "integer", nullable: false),
                    IsLead = table.Column<bool>(type: "boolean", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnswerDueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Result = table.Column<int>(type: "integer", nullable: true),
                    PlannedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RemindedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpinionAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpinionAssignments_HandlingUnits_HandlingUnitId",
                        column: x => x.HandlingUnitId,
                        principalTable: "HandlingUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OpinionAssignments_Opinions_OpinionId",
                        column: x => x.OpinionId,
                        principalTable: "Opinions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReplyTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReplyTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReplyTemplates_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "DeadlineRules",
                columns: new[] { "Grade", "AnswerDays", "ForwardDays", "ReachDays" },
                values: new object[,]
                {
                    { 1, 10, 2, 3 },
                    { 2, 10, 2, 3 },
                    { 3, 5, 1, 1 }
                });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_EscalatedToRegionId",
                table: "Opinions",
                column: "EscalatedToRegionId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_IsOverdue_State",
                table: "Opinions",
                columns: new[] { "IsOverdue", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_MergedIntoId",
                table: "Opinions",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ReceivedAt_Id",
                table: "Opinions",
                columns: new[] { "ReceivedAt", "Id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "IX_ClassificationRules_CategoryId",
                table: "ClassificationRules",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ClassificationRules_Keyword",
                table: "ClassificationRules",
                column: "Keyword",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpinionAssignments_HandlingUnitId_AnswerDueOn",
                table: "OpinionAssignments",
                columns: new[] { "HandlingUnitId", "AnswerDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_OpinionAssignments_OneLeadPerRound",
                table: "OpinionAssignments",
                columns: new[] { "OpinionId", "Round" },
                unique: true,
                filter: "\"IsLead\"");

            migrationBuilder.CreateIndex(
                name: "IX_OpinionAssignments_OpinionId_Round_HandlingUnitId",
                table: "OpinionAssignments",
                columns: new[] { "OpinionId", "Round", "HandlingUnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReplyTemplates_CategoryId",
                table: "ReplyTemplates",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_ReplyTemplates_Kind_CategoryId",
                table: "ReplyTemplates",
                columns: new[] { "Kind", "CategoryId" });

            migrationBuilder.AddForeignKey(
                name: "FK_Opinions_Opinions_MergedIntoId",
                table: "Opinions",
                column: "MergedIntoId",
                principalTable: "Opinions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Opinions_Regions_EscalatedToRegionId",
                table: "Opinions",
                column: "EscalatedToRegionId",
                principalTable: "Regions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Opinions_Opinions_MergedIntoId",
                table: "Opinions");

            migrationBuilder.DropForeignKey(
                name: "FK_Opinions_Regions_EscalatedToRegionId",
                table: "Opinions");

            migrationBuilder.DropTable(
                name: "ClassificationRules");

            migrationBuilder.DropTable(
                name: "DeadlineRules");

            migrationBuilder.DropTable(
                name: "OpinionAssignments");

            migrationBuilder.DropTable(
                name: "ReplyTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_EscalatedToRegionId",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_IsOverdue_State",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_MergedIntoId",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_ReceivedAt_Id",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "AnswerDueOn",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "EscalatedToRegionId",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "FedBackAt",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "FeedbackDueOn",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "HandlingRound",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "IsOverdue",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "LeaderAttention",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "Supervision",
                table: "Opinions");
        }
    }
}
