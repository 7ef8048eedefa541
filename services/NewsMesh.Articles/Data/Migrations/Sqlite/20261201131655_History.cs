using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Articles.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class History : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EmbargoTime",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranslationSourceId",
                table: "Articles",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TranslationStale",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Revisions",
                columns: table => new
                {
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    EmbargoTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Creator = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ChangesText = table.Column<bool>(type: "INTEGER", nullable: false),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Revisions", x => new { x.ArticleId, x.Revision });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_TranslationSourceId",
                table: "Articles",
                column: "TranslationSourceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Revisions");

            migrationBuilder.DropIndex(
                name: "IX_Articles_TranslationSourceId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "EmbargoTime",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TranslationSourceId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "TranslationStale",
                table: "Articles");
        }
    }
}
