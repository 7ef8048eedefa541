using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Articles.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TranslationSourceId",
                table: "Articles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TranslationStale",
                table: "Articles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Revisions",
                columns: table => new
                {
                    ArticleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    EmbargoTime = table.Column<long>(type: "bigint", nullable: true),
                    Creator = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangesText = table.Column<bool>(type: "boolean", nullable: false),
                    Document = table.Column<byte[]>(type: "bytea", nullable: false)
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
