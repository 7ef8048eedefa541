using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Articles.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Creator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Creator",
                table: "Articles",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Creator",
                table: "Articles");
        }
    }
}
