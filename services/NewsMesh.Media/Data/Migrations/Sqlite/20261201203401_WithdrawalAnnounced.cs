using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Media.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WithdrawalAnnounced : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "WithdrawalAnnounced",
                table: "Media",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Licences that ended before this column existed were told of by the writes that ended them, or need not be.
            migrationBuilder.Sql("UPDATE \"Media\" SET \"WithdrawalAnnounced\" = 1 WHERE \"RightsExpireTime\" IS NOT NULL AND \"RightsExpireTime\" <= CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER);");

            migrationBuilder.CreateIndex(
                name: "IX_Media_WithdrawalAnnounced_RightsExpireTime",
                table: "Media",
                columns: new[] { "WithdrawalAnnounced", "RightsExpireTime" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Media_WithdrawalAnnounced_RightsExpireTime",
                table: "Media");

            migrationBuilder.DropColumn(
                name: "WithdrawalAnnounced",
                table: "Media");
        }
    }
}
