using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CitizenDataRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AnonymisedAt",
                table: "Opinions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AnonymisedAt",
                table: "Appointments",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Opinions_Retention",
                table: "Opinions",
                columns: new[] { "UpdatedAt", "Id" },
                filter: "\"AnonymisedAt\" IS NULL AND \"State\" IN (2, 8, 9, 10)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opinions_Retention",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "AnonymisedAt",
                table: "Opinions");

            migrationBuilder.DropColumn(
                name: "AnonymisedAt",
                table: "Appointments");
        }
    }
}
