using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class PerformanceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Opinions_State_StationId",
                table: "Opinions",
                columns: new[] { "State", "StationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_State_StationId",
                table: "Opinions");
        }
    }
}
