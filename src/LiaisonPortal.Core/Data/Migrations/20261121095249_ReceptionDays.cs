using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReceptionDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReceptionLogId",
                table: "Opinions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AttendedAt",
                table: "Appointments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckInCode",
                table: "Appointments",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsWaitlisted",
                table: "Appointments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "NoShow",
                table: "Appointments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RemindedOn",
                table: "Appointments",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeputyUnavailabilities",
                columns: table => new
                {
                    DeputyId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeputyUnavailabilities", x => new { x.DeputyId, x.Date });
                    table.ForeignKey(
                        name: "FK_DeputyUnavailabilities_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DutyAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    DeputyId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReplacesDeputyId = table.Column<int>(type: "integer", nullable: true),
                    RemindedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_Deputies_ReplacesDeputyId",
                        column: x => x.ReplacesDeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DutyAssignments_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionLogs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PeopleReceived = table.Column<int>(type: "integer", nullable: false),
                    SolvedOnSpot = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionLogs", x => x.Id);
                    table.CheckConstraint("CK_ReceptionLogs_Counts", "\"PeopleReceived\" >= 0 AND \"SolvedOnSpot\" >= 0");
                    table.ForeignKey(
                        name: "FK_ReceptionLogs_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RegionId = table.Column<int>(type: "integer", nullable: true),
                    StationId = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Nth = table.Column<int>(type: "integer", nullable: true),
                    Weekday = table.Column<int>(type: "integer", nullable: true),
                    DayOfMonth = table.Column<int>(type: "integer", nullable: true),
                    Date = table.Column<DateOnly>(type: "date", nullable: true),
                    Start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    End = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    HolidayPolicy = table.Column<int>(type: "integer", nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    Topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MeetingLink = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionRules", x => x.Id);
                    table.CheckConstraint("CK_ReceptionRules_Owner", "(\"RegionId\" IS NULL) <> (\"StationId\" IS NULL)");
                    table.CheckConstraint("CK_ReceptionRules_Times", "\"End\" > \"Start\"");
                    table.ForeignKey(
                        name: "FK_ReceptionRules_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReceptionRules_Stations_StationId",
                        column: x => x.StationId,
                        principalTable: "Stations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionLogDeputies",
                columns: table => new
                {
                    LogId = table.Column<int>(type: "integer", nullable: false),
                    DeputyId = table.Column<int>(type: "integer", nullable: false),
                    CheckedInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionLogDeputies", x => new { x.LogId, x.DeputyId });
                    table.ForeignKey(
                        name: "FK_ReceptionLogDeputies_Deputies_DeputyId",
                        column: x => x.DeputyId,
                        principalTable: "Deputies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReceptionLogDeputies_ReceptionLogs_LogId",
                        column: x => x.LogId,
                        principalTable: "ReceptionLogs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceptionLogPhotos",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LogId = table.Column<int>(type: "integer", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceptionLogPhotos", x => x.Id);
                    table.CheckConstraint("CK_ReceptionLogPhotos_Length", "\"Length\" <= 5242880");
                    table.ForeignKey(
                        name: "FK_ReceptionLogPhotos_ReceptionLogs_LogId",
                        column: x => x.LogId,
                        principalTable: "ReceptionLogs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_ReceptionLogId",
                table: "Opinions",
                column: "ReceptionLogId");

            migrationBuilder.CreateIndex(
                name: "IX_Appointments_SlotId_CheckInCode",
                table: "Appointments",
                columns: new[] { "SlotId", "CheckInCode" },
                unique: true,
                filter: "\"CheckInCode\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_DeputyId_Date",
                table: "DutyAssignments",
                columns: new[] { "DeputyId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_ReplacesDeputyId",
                table: "DutyAssignments",
                column: "ReplacesDeputyId");

            migrationBuilder.CreateIndex(
                name: "IX_DutyAssignments_StationId_Date_DeputyId",
                table: "DutyAssignments",
                columns: new[] { "StationId", "Date", "DeputyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionLogDeputies_DeputyId",
                table: "ReceptionLogDeputies",
                column: "DeputyId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionLogPhotos_LogId",
                table: "ReceptionLogPhotos",
                column: "LogId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionLogs_StationId_Date",
                table: "ReceptionLogs",
                columns: new[] { "StationId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionRules_RegionId",
                table: "ReceptionRules",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReceptionRules_StationId",
                table: "ReceptionRules",
                column: "StationId");

            migrationBuilder.AddForeignKey(
                name: "FK_Opinions_ReceptionLogs_ReceptionLogId",
                table: "Opinions",
                column: "ReceptionLogId",
                principalTable: "ReceptionLogs",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Opinions_ReceptionLogs_ReceptionLogId",
                table: "Opinions");

            migrationBuilder.DropTable(
                name: "DeputyUnavailabilities");

            migrationBuilder.DropTable(
                name: "DutyAssignments");

            migrationBuilder.DropTable(
                name: "ReceptionLogDeputies");

            migrationBuilder.DropTable(
                name: "ReceptionLogPhotos");

            migrationBuilder.DropTable(
                name: "ReceptionRules");

            migrationBuilder.DropTable(
                name: "ReceptionLogs");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_ReceptionLogId",
                table: "Opinions");

            migrationBuilder.DropIndex(
                name: "IX_Appointments_SlotId_CheckInCode",
                table: "Appointments");

            migrationBuilder.DropColumn(
                name: "ReceptionLogId",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "AttendedAt",
                table: "Appointments");

            migrationBuilder.DropColumn(
                name: "CheckInCode",
                table: "Appointments");

            migrationBuilder.DropColumn(
                name: "IsWaitlisted",
                table: "Appointments");

            migrationBuilder.DropColumn(
                name: "NoShow",
                table: "Appointments");

            migrationBuilder.DropColumn(
                name: "RemindedOn",
                table: "Appointments");
        }
    }
}
