using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LiaisonPortal.Core.Data.Migrations
{
    /// <summary>
    /// The audit log becomes append-only: its kind and the client's address are added (earlier rows are directory
    /// changes, or phone reveals), and triggers make PostgreSQL refuse every UPDATE, DELETE and TRUNCATE of it, whoever
    /// asks, the application's own role included. Keeping it six months or more needs nothing else: no code deletes it.
    /// </summary>
    public partial class AuditTrail : Migration
    {
        /// <summary>The message the trigger raises; tests look for it.</summary>
        public const string RefusedMessage = "AuditEntries is append-only";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "AuditEntries",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Change");

            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET "Kind" = 'Reveal' WHERE "Action" IN ('RevealPhone', 'PhoneShown');
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Kind_At",
                table: "AuditEntries",
                columns: new[] { "Kind", "At" });

            migrationBuilder.Sql($$"""
                CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    RAISE EXCEPTION '{{RefusedMessage}}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END
                $body$;
                CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON "AuditEntries"
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER audit_entries_no_truncate ON "AuditEntries";
                DROP TRIGGER audit_entries_no_update_or_delete ON "AuditEntries";
                DROP FUNCTION audit_entries_append_only();
                """);

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Kind_At",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "AuditEntries");
        }
    }
}
