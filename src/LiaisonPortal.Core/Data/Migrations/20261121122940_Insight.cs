using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Insight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeputyActivities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionId = table.Column<int>(type: "integer", nullable: false),
                    StationId = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RecordedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyActivities", x => x.Id);
                    table.CheckConstraint("CK_DeputyActivities_Kind", "\"Kind\" >= 20");
                    table.ForeignKey(
                        name: "FK_DeputyActivities_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DeputyActivities_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OpinionAnalysisReports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Figures = table.Column<string>(type: "jsonb", nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Commentary = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    PublishedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpinionAnalysisReports", x => x.Id);
                    table.CheckConstraint("CK_OpinionAnalysisReports_Month", "EXTRACT(DAY FROM \"Month\") = 1");
                    table.ForeignKey(
                        name: "FK_OpinionAnalysisReports_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Fact = table.Column<int>(type: "integer", nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    CapPeriod = table.Column<int>(type: "integer", nullable: true),
                    Cap = table.Column<int>(type: "integer", nullable: true),
                    YearlyMinimum = table.Column<int>(type: "integer", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointRules", x => x.Id);
                    table.CheckConstraint("CK_PointRules_Cap", "(\"Cap\" IS NULL) = (\"CapPeriod\" IS NULL) AND COALESCE(\"Cap\", 1) BETWEEN 1 AND 1000");
                    table.CheckConstraint("CK_PointRules_Minimum", "COALESCE(\"YearlyMinimum\", 1) BETWEEN 1 AND 366");
                    table.CheckConstraint("CK_PointRules_Points", "\"Points\" BETWEEN -100 AND 100");
                    table.CheckConstraint("CK_PointRules_Year", "\"Year\" BETWEEN 2000 AND 2100");
                });

            migrationBuilder.CreateTable(
                name: "DeputyActivityEvidence",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ActivityId = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyActivityEvidence", x => x.Id);
                    table.CheckConstraint("CK_DeputyActivityEvidence_Length", "\"Length\" <= 10485760");
                    table.ForeignKey(
                        name: "FK_DeputyActivityEvidence_DeputyActivities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "DeputyActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeputyActivityParticipants",
                columns: table => new
                {
                    ActivityId = table.Column<int>(type: "integer", nullable: false),
                    DeputyId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyActivityParticipants", x => new { x.ActivityId, x.DeputyId });
                    table.ForeignKey(
                        name: "FK_DeputyActivityParticipants_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DeputyActivityParticipants_DeputyActivities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "DeputyActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeputyActivities_RegionId_Date",
                table: "DeputyActivities",
                columns: new[] { "RegionId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_DeputyActivities_StationId_Date",
                table: "DeputyActivities",
                columns: new[] { "StationId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_DeputyActivityEvidence_ActivityId",
                table: "DeputyActivityEvidence",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_DeputyActivityParticipants_DeputyId",
                table: "DeputyActivityParticipants",
                column: "DeputyId");

            migrationBuilder.CreateIndex(
                name: "IX_OpinionAnalysisReports_RegionId_Month",
                table: "OpinionAnalysisReports",
                columns: new[] { "RegionId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PointRules_Year_Fact",
                table: "PointRules",
                columns: new[] { "Year", "Fact" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeputyActivityEvidence");

            migrationBuilder.DropTable(
                name: "DeputyActivityParticipants");

            migrationBuilder.DropTable(
                name: "OpinionAnalysisReports");

            migrationBuilder.DropTable(
                name: "PointRules");

            migrationBuilder.DropTable(
                name: "DeputyActivities");
        }
    }
}
