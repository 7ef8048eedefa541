using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NewsMesh.Webhooks.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubscriptionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Feed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Resource = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Change = table.Column<byte[]>(type: "bytea", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreateTime = table.Column<long>(type: "bigint", nullable: false),
                    LastAttemptTime = table.Column<long>(type: "bigint", nullable: true),
                    NextAttemptTime = table.Column<long>(type: "bigint", nullable: false),
                    DeliverTime = table.Column<long>(type: "bigint", nullable: true),
                    ExpireTime = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedPositions",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Feed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Cursor = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedPositions", x => new { x.Consumer, x.Feed });
                });

            migrationBuilder.CreateTable(
                name: "Subscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ListTime = table.Column<long>(type: "bigint", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    Document = table.Column<byte[]>(type: "bytea", nullable: false)
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
