using System.Text.Json;
using NewsMesh.Gateway.Proxy;
using NewsMesh.Processes;

namespace NewsMesh.Gateway.Tests;

/// <summary>
/// catalogue.json is the one list of the mesh's processes: docker-compose.yml, the gateway's routes and clusters,
/// and the contracts the gateway reads must agree with it.
/// </summary>
public sealed class CatalogueTests
{
    private static readonly IReadOnlyList<CatalogueEntry> Services = Catalogue.Services;

    [Fact]
    public void Compose_RunsEveryProcess_FromItsProject_WiredToWhatItCalls()
    {
        var compose = ComposeFile.Read(Path.Combine(RepositoryLayout.Root, "docker-compose.yml"));

        foreach (var entry in Catalogue.All)
        {
            Assert.True(compose.TryGetValue(entry.Name, out var service), $"docker-compose.yml has no service {entry.Name}");
            var folder = Path.GetDirectoryName(entry.Project)!;
            Assert.Equal(Path.GetFileName(entry.Project), service.Args["PROJECT"]);
            Assert.Equal(folder, service.Args.GetValueOrDefault("FOLDER", "services"));
            Assert.Equal(entry.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), service.Args["HTTP_PORT"]);
            foreach (var (callee, setting) in entry.Calls)
            {
                Assert.Contains(callee, service.DependsOn);
                Assert.Equal($"http://{callee}:{Catalogue.Get(callee).GrpcPort}", service.Environment[setting.Replace(":", "__", StringComparison.Ordinal)]);
            }
        }
        Assert.Empty(compose.Keys.Except(Catalogue.All.Select(e => e.Name)).Except(["postgres", "redis"]));
    }

    [Fact]
    public void GatewayRoutes_OneClusterPerService_ItsGrpcServicesAndCollections()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "gateway/NewsMesh.Gateway/appsettings.json")));
        var proxy = settings.RootElement.GetProperty("ReverseProxy");
        var routes = proxy.GetProperty("Routes").EnumerateObject()
            .Select(r => (Cluster: r.Value.GetProperty("ClusterId").GetString()!, Path: r.Value.GetProperty("Match").GetProperty("Path").GetString()!))
            .ToList();

        Assert.Equal(Services.Select(s => s.Name).Order(), proxy.GetProperty("Clusters").EnumerateObject().Select(c => c.Name).Order());
        foreach (var service in Services)
        {
            foreach (var grpc in service.GrpcServices)
            {
                Assert.Contains((service.Name, $"/{grpc}/{{**method}}"), routes);
            }
            foreach (var collection in service.Collections)
            {
                Assert.Contains((service.Name, $"/v1/{{collection:regex(^{collection}(:\\w+)?$)}}/{{**rest}}"), routes);
            }
        }
        Assert.All(routes, route => Assert.Contains(route.Cluster, Services.Select(s => s.Name)));
        // Each change feed (every service whose contract has one), picked by the query's service parameter.
        var withFeeds = Services
            .Where(s => s.GrpcServices.Any(g => MeshContracts.Services.Single(c => c.FullName == g).FindMethodByName("WatchChanges") is not null))
            .Select(s => s.Name)
            .ToList();
        var feeds = proxy.GetProperty("Routes").EnumerateObject()
            .Where(r => r.Value.GetProperty("Match").GetProperty("Path").GetString() == ChangeFeeds.Path)
            .Select(r => (r.Value.GetProperty("ClusterId").GetString()!, r.Value.GetProperty("Match").GetProperty("QueryParameters")[0].GetProperty("Values")[0].GetString()!))
            .Order();
        Assert.Equal(withFeeds.Select(s => (s, s)).Order(), feeds);
        Assert.Equal(withFeeds.Order(), ChangeFeeds.Services.Order());
        Assert.Equal([Catalogue.Gateway, Catalogue.Web], Catalogue.All.TakeLast(2).Select(e => e.Name));
        Assert.Equal(Services.Select(s => s.Name).Order(), Catalogue.Get(Catalogue.Gateway).Calls.Keys.Order());
        Assert.Equal([Catalogue.Gateway], Catalogue.Get(Catalogue.Web).Calls.Keys);
    }

    [Fact]
    public void GatewayContracts_AreTheCataloguesGrpcServices() =>
        Assert.Equal(Catalogue.All.SelectMany(e => e.GrpcServices).Order(), MeshContracts.Services.Select(s => s.FullName).Order());

    /// <summary>
    /// The parts of docker-compose.yml the catalogue speaks of, read by indentation: each service's build args,
    /// environment and depends_on. The file is ours and keeps to two-space indents.
    /// </summary>
    private sealed record ComposeService(Dictionary<string, string> Args, Dictionary<string, string> Environment, List<string> DependsOn);

    private static class ComposeFile
    {
        public static Dictionary<string, ComposeService> Read(string path)
        {
            var services = new Dictionary<string, ComposeService>();
            ComposeService? current = null;
            string? section = null;
            var inServices = false;
            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.TrimEnd();
                if (line.Length == 0 || line.TrimStart().StartsWith('#'))
                {
                    continue;
                }
                var indent = line.Length - line.TrimStart().Length;
                var text = line.Trim();
                if (indent == 0)
                {
                    inServices = text == "services:";
                    current = null;
                }
                else if (inServices && indent == 2 && text.EndsWith(':'))
                {
                    current = new ComposeService([], [], []);
                    services[text.TrimEnd(':')] = current;
                    section = null;
                }
                else if (current is not null && indent == 4)
                {
                    section = text.TrimEnd(':');
                }
                else if (current is not null && indent == 6 && text.Contains(':', StringComparison.Ordinal))
                {
                    var (key, value) = Pair(text);
                    if (section == "environment")
                    {
                        current.Environment[key] = value;
                    }
                    else if (section == "depends_on")
                    {
                        current.DependsOn.Add(key);
                    }
                }
                else if (current is not null && indent == 8 && section == "build" && text.Contains(':', StringComparison.Ordinal))
                {
                    var (key, value) = Pair(text);
                    current.Args[key] = value;
                }
            }
            return services;
        }

        private static (string Key, string Value) Pair(string text)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return (text[..colon].Trim(), text[(colon + 1)..].Trim().Trim('"'));
        }
    }
}
