using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Health;
using NewsMesh.Storage.Documents;
using NewsMesh.Storage.Feed;
using OpenTelemetry.Trace;

namespace NewsMesh.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> on SQLite or PostgreSQL. Migrations are provider-specific, so
    /// each provider has its own subclass of the context, and its own migrations, picked here by configuration.
    /// The schema is migrated before the service takes requests; a database that cannot be reached answers UNAVAILABLE.
    /// </summary>
    public static WebApplicationBuilder AddServiceDatabase<TContext, TSqlite, TPostgres>(this WebApplicationBuilder builder, string fileName)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is Postgres.")
            .ValidateOnStart();

        // Both flavours are registered and the choice is made when a context is resolved, so configuration that
        // arrives after registration (test hosts, late providers) still decides. Options are built once: a request
        // the cache answers should cost nothing here.
        builder.Services.AddSingleton<ChangeSignal>();
        builder.Services.AddSingleton<CommitSignalInterceptor>();
        builder.Services.AddDbContext<TPostgres>((services, options) => options
            .UseNpgsql(services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)
            .AddInterceptors(services.GetRequiredService<CommitSignalInterceptor>()),
            optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddDbContext<TSqlite>((services, options) => options
            .UseSqlite(SqliteConnectionString(services.GetRequiredService<IOptions<StorageOptions>>().Value, fileName))
            .AddInterceptors(services.GetRequiredService<CommitSignalInterceptor>()),
            optionsLifetime: ServiceLifetime.Singleton);
        builder.Services.AddScoped<TContext>(services =>
            services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? services.GetRequiredService<TPostgres>()
                : services.GetRequiredService<TSqlite>());

        builder.Services.AddHostedService<MigrateOnStart<TContext>>();
        builder.Services.AddSingleton<StoreOutcomes>();
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<StoreOutcomes>());
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddEntityFrameworkCoreInstrumentation());
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>("database", tags: [HealthExtensions.ReadyTag]);
        return builder;
    }

    internal static string SqliteConnectionString(StorageOptions options, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }
        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, fileName)};Pooling=True";
    }
}
