using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Bench;

/// <summary>
/// The identity of every process the benchmark starts: a key set of the run's own in a temporary folder, and an
/// editor's token for the calls that write (seeding, updates, uploads). Reads are anonymous, as a reader's are,
/// except in the scenario that measures what validating a token costs.
/// </summary>
public static class BenchIdentity
{
    private const string Issuer = "newsmesh-bench";
    private const string Audience = "newsmesh";

    private static readonly Lazy<(string File, SigningKeys Keys)> Keys = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("newsmesh-bench-keys-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var file = Path.Combine(folder, "jwks.json");
        SigningKeys.CreateIfMissing(file);
        return (file, SigningKeys.Load(file));
    });

    public static string Editor { get; } = Keys.Value.Keys.Issue(Issuer, Audience, "bench-editor", [Roles.Editor], TimeSpan.FromHours(8), DateTimeOffset.UtcNow);

    /// <summary>The <c>Auth</c> settings that make a process trust the run's keys.</summary>
    public static void AddTo(Dictionary<string, string> environment)
    {
        environment.TryAdd("Auth__SigningKeysFile", Keys.Value.File);
        environment.TryAdd("Auth__Issuer", Issuer);
        environment.TryAdd("Auth__Audience", Audience);
    }
}
