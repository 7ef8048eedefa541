using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Articles.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Articles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    LanguageCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ListTime = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishTime = table.Column<long>(type: "INTEGER", nullable: true),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Deleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Slugs",
                columns: table => new
                {
                    LanguageCode = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ArticleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Slugs", x => new { x.LanguageCode, x.Slug });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Deleted_ListTime_Id",
                table: "Articles",
                columns: new[] { "Deleted", "ListTime", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_RequestId",
                table: "Articles",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Section_ListTime",
                table: "Articles",
                columns: new[] { "Section", "ListTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_State_PublishTime",
                table: "Articles",
                columns: new[] { "State", "PublishTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Slugs_ArticleId",
                table: "Slugs",
                column: "ArticleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Articles");

            migrationBuilder.DropTable(
                name: "Slugs");
        }
    }
}
