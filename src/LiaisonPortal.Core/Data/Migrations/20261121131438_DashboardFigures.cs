using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DashboardFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DashboardMonths",
                columns: table => new
                {
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    InHandling = table.Column<int>(type: "integer", nullable: false),
                    Closed = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    Rated = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardMonths", x => new { x.StationId, x.Month, x.CategoryId });
                });

            migrationBuilder.CreateTable(
                name: "DashboardUnitMonths",
                columns: table => new
                {
                    StationId = table.Column<int>(type: "integer", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    HandlingUnitId = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    Answered = table.Column<int>(type: "integer", nullable: false),
                    AnswerWorkingDays = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DashboardUnitMonths", x => new { x.StationId, x.Month, x.HandlingUnitId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions",
                columns: new[] { "StationId", "ReceivedAt" },
                filter: "\"IsOverdue\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DashboardMonths");

            migrationBuilder.DropTable(
                name: "DashboardUnitMonths");

            migrationBuilder.DropIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions");
        }
    }
}
