using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Suggestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SuggestionBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DeadlineMonths = table.Column<int>(type: "integer", nullable: true),
                    DeadlineWorkingDays = table.Column<int>(type: "integer", nullable: true),
                    LastNumber = table.Column<int>(type: "integer", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionBatches", x => x.Id);
                    table.CheckConstraint("CK_SuggestionBatches_Dates", "\"ClosesOn\" >= \"OpensOn\"");
                    table.CheckConstraint("CK_SuggestionBatches_Deadline", "(\"DeadlineMonths\" IS NULL) <> (\"DeadlineWorkingDays\" IS NULL) AND COALESCE(\"DeadlineMonths\", 1) BETWEEN 1 AND 12 AND COALESCE(\"DeadlineWorkingDays\", 1) BETWEEN 1 AND 250");
                    table.CheckConstraint("CK_SuggestionBatches_LastNumber", "\"LastNumber\" >= 0");
                    table.ForeignKey(
                        name: "FK_SuggestionBatches_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Suggestions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    BatchId = table.Column<int>(type: "integer", nullable: true),
                    Sequence = table.Column<int>(type: "integer", nullable: true),
                    DeputyId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    IsOverdue = table.Column<bool>(type: "boolean", nullable: false),
                    IsKey = table.Column<bool>(type: "boolean", nullable: false),
                    KeyLeader = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ConvertedOpinionId = table.Column<int>(type: "integer", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suggestions", x => x.Id);
                    table.CheckConstraint("CK_Suggestions_Round", "\"Round\" BETWEEN 1 AND 2");
                    table.ForeignKey(
                        name: "FK_Suggestions_Categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "Categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Suggestions_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Suggestions_Opinions_ConvertedOpinionId",
                        column: x => x.ConvertedOpinionId,
                        principalTable: "Opinions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Suggestions_SuggestionBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "SuggestionBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    HandlingUnitId = table.Column<int>(type: "integer", nullable: false),
                    IsLead = table.Column<bool>(type: "boolean", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    View = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ViewAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reply = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Grade = table.Column<int>(type: "integer", nullable: true),
                    PlannedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RepliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SentBackAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SentBackReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RemindedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuggestionAssignments_HandlingUnits_HandlingUnitId",
                        column: x => x.HandlingUnitId,
                        principalTable: "HandlingUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SuggestionAssignments_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionAttachments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionAttachments", x => x.Id);
                    table.CheckConstraint("CK_SuggestionAttachments_Length", "\"Length\" <= 10485760");
                    table.ForeignKey(
                        name: "FK_SuggestionAttachments_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionContacts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    HandlingUnitId = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuggestionContacts_HandlingUnits_HandlingUnitId",
                        column: x => x.HandlingUnitId,
                        principalTable: "HandlingUnits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SuggestionContacts_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionCosigners",
                columns: table => new
                {
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    DeputyId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionCosigners", x => new { x.SuggestionId, x.DeputyId });
                    table.ForeignKey(
                        name: "FK_SuggestionCosigners_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SuggestionCosigners_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionEvaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    Round = table.Column<int>(type: "integer", nullable: false),
                    Rating = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuggestionEvaluations_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SuggestionEvents_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SuggestionSources",
                columns: table => new
                {
                    SuggestionId = table.Column<int>(type: "integer", nullable: false),
                    OpinionId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SuggestionSources", x => new { x.SuggestionId, x.OpinionId });
                    table.ForeignKey(
                        name: "FK_SuggestionSources_Opinions_OpinionId",
                        column: x => x.OpinionId,
                        principalTable: "Opinions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SuggestionSources_Suggestions_SuggestionId",
                        column: x => x.SuggestionId,
                        principalTable: "Suggestions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionAssignments_HandlingUnitId_DueOn",
                table: "SuggestionAssignments",
                columns: new[] { "HandlingUnitId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionAssignments_OneLeadPerRound",
                table: "SuggestionAssignments",
                columns: new[] { "SuggestionId", "Round" },
                unique: true,
                filter: "\"IsLead\" AND \"SentBackAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionAssignments_SuggestionId",
                table: "SuggestionAssignments",
                column: "SuggestionId");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionAssignments_SuggestionId_Round_HandlingUnitId",
                table: "SuggestionAssignments",
                columns: new[] { "SuggestionId", "Round", "HandlingUnitId" },
                unique: true,
                filter: "\"SentBackAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionAttachments_SuggestionId",
                table: "SuggestionAttachments",
                column: "SuggestionId");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionBatches_RegionId_Year_Name",
                table: "SuggestionBatches",
                columns: new[] { "RegionId", "Year", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionContacts_HandlingUnitId",
                table: "SuggestionContacts",
                column: "HandlingUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionContacts_SuggestionId_Round",
                table: "SuggestionContacts",
                columns: new[] { "SuggestionId", "Round" });

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionCosigners_DeputyId",
                table: "SuggestionCosigners",
                column: "DeputyId");

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionEvaluations_SuggestionId_Round",
                table: "SuggestionEvaluations",
                columns: new[] { "SuggestionId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionEvents_SuggestionId_At",
                table: "SuggestionEvents",
                columns: new[] { "SuggestionId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_BatchId_Sequence",
                table: "Suggestions",
                columns: new[] { "BatchId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_CategoryId",
                table: "Suggestions",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_ConvertedOpinionId",
                table: "Suggestions",
                column: "ConvertedOpinionId");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_DeputyId_UpdatedAt",
                table: "Suggestions",
                columns: new[] { "DeputyId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_Number",
                table: "Suggestions",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_Suggestions_State_DueOn",
                table: "Suggestions",
                columns: new[] { "State", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SuggestionSources_OpinionId",
                table: "SuggestionSources",
                column: "OpinionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SuggestionAssignments");

            migrationBuilder.DropTable(
                name: "SuggestionAttachments");

            migrationBuilder.DropTable(
                name: "SuggestionContacts");

            migrationBuilder.DropTable(
                name: "SuggestionCosigners");

            migrationBuilder.DropTable(
                name: "SuggestionEvaluations");

            migrationBuilder.DropTable(
                name: "SuggestionEvents");

            migrationBuilder.DropTable(
                name: "SuggestionSources");

            migrationBuilder.DropTable(
                name: "Suggestions");

            migrationBuilder.DropTable(
                name: "SuggestionBatches");
        }
    }
}
