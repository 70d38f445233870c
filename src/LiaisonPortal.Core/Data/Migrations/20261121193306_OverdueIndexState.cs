using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OverdueIndexState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions",
                columns: new[] { "StationId", "ReceivedAt" },
                filter: "\"IsOverdue\"")
                .Annotation("Npgsql:IndexInclude", new[] { "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions");

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_Overdue_StationId_ReceivedAt",
                table: "Opinions",
                columns: new[] { "StationId", "ReceivedAt" },
                filter: "\"IsOverdue\"");
        }
    }
}
