using NewsMesh.Contracts.Article.V1;
using NewsMesh.Testing;

namespace NewsMesh.Articles.Tests.Integration;

/// <summary>
/// The article service on Kestrel; its scheduler looks every 200 ms so scheduling tests stay short. Given a
/// <paramref name="clock"/>, the service tells time by it (a fake clock, which the test moves).
/// </summary>
public sealed class ArticleServiceHost(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    : KestrelServiceHost<Program>(database, WithFastScheduler(settings), clock)
{
    public ArticleService.ArticleServiceClient Client => new(Channel);

    private static Dictionary<string, string?> WithFastScheduler(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Articles:SchedulerInterval"] = "00:00:00.200" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return all;
    }
}
