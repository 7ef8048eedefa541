using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Articles.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TranslationGroup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TranslationGroup",
                table: "Articles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_TranslationGroup",
                table: "Articles",
                column: "TranslationGroup");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_TranslationGroup",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TranslationGroup",
                table: "Articles");
        }
    }
}
