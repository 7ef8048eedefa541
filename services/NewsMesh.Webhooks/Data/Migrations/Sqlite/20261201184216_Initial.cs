using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NewsMesh.Webhooks.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SubscriptionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Feed = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Change = table.Column<byte[]>(type: "BLOB", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreateTime = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptTime = table.Column<long>(type: "INTEGER", nullable: true),
                    NextAttemptTime = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliverTime = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpireTime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedPositions",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Feed = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cursor = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedPositions", x => new { x.Consumer, x.Feed });
                });

            migrationBuilder.CreateTable(
                name: "Subscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ListTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Revision = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Subscriptions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_State_NextAttemptTime",
                table: "Deliveries",
                columns: new[] { "State", "NextAttemptTime" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_SubscriptionId_Feed_Sequence",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "Feed", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_SubscriptionId_Resource_State_Id",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "Resource", "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_SubscriptionId_State_Id",
                table: "Deliveries",
                columns: new[] { "SubscriptionId", "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_ListTime_Id",
                table: "Subscriptions",
                columns: new[] { "ListTime", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_RequestId",
                table: "Subscriptions",
                column: "RequestId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Deliveries");

            migrationBuilder.DropTable(
                name: "FeedPositions");

            migrationBuilder.DropTable(
                name: "Subscriptions");
        }
    }
}
