using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Partners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PartnerSystemId",
                table: "OutboxMessages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PartnerSystemId",
                table: "Opinions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PartnerSystems",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Contact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    KeyPrefix = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    KeyHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    KeyIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Operations = table.Column<int>(type: "integer", nullable: false),
                    IpAllowList = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RateLimitPerMinute = table.Column<int>(type: "integer", nullable: false),
                    WebhookUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    WebhookSecretCipher = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerSystems", x => x.Id);
                    table.CheckConstraint("CK_PartnerSystems_Operations", "\"Operations\" BETWEEN 0 AND 7");
                    table.CheckConstraint("CK_PartnerSystems_RateLimit", "\"RateLimitPerMinute\" BETWEEN 1 AND 6000");
                });

            migrationBuilder.CreateTable(
                name: "PartnerCalls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerSystemId = table.Column<int>(type: "integer", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Method = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Path = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Operation = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DurationMs = table.Column<int>(type: "integer", nullable: false),
                    Address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    ServiceRequestId = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Error = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerCalls_PartnerSystems_PartnerSystemId",
                        column: x => x.PartnerSystemId,
                        principalTable: "PartnerSystems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_PartnerSystemId",
                table: "OutboxMessages",
                column: "PartnerSystemId");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_PartnerSystemId_ReceivedAt",
                table: "Opinions",
                columns: new[] { "PartnerSystemId", "ReceivedAt" },
                filter: "\"PartnerSystemId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerCalls_At",
                table: "PartnerCalls",
                column: "At",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerCalls_PartnerSystemId_At",
                table: "PartnerCalls",
                columns: new[] { "PartnerSystemId", "At" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystems_KeyPrefix",
                table: "PartnerSystems",
                column: "KeyPrefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerSystems_Name",
                table: "PartnerSystems",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Opinions_PartnerSystems_PartnerSystemId",
                table: "Opinions",
                column: "PartnerSystemId",
                principalTable: "PartnerSystems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_OutboxMessages_PartnerSystems_PartnerSystemId",
                table: "OutboxMessages",
                column: "PartnerSystemId",
                principalTable: "PartnerSystems",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Opinions_PartnerSystems_PartnerSystemId",
                table: "Opinions");

            migrationBuilder.DropForeignKey(
                name: "FK_OutboxMessages_PartnerSystems_PartnerSystemId",
                table: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PartnerCalls");

            migrationBuilder.DropTable(
                name: "PartnerSystems");

            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_PartnerSystemId",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_PartnerSystemId_ReceivedAt",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "PartnerSystemId",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "PartnerSystemId",
                table: "Opinions");
        }
    }
}
