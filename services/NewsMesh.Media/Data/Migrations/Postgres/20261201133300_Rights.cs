using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Media.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Rights : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every row already there was written while usage terms were free text: the start-up backfill moves them.
            migrationBuilder.AddColumn<bool>(
                name: "LegacyRights",
                table: "Media",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<long>(
                name: "RightsExpireTime",
                table: "Media",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Media_RightsExpireTime",
                table: "Media",
                column: "RightsExpireTime");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Media_RightsExpireTime",
                table: "Media");

            migrationBuilder.DropColumn(
                name: "LegacyRights",
                table: "Media");

            migrationBuilder.DropColumn(
                name: "RightsExpireTime",
                table: "Media");
        }
    }
}
