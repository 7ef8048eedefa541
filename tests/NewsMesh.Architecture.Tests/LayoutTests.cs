using System.Text.Json;
using Mono.Cecil;
using NetArchTest.Rules;
using NewsMesh.Processes;

namespace NewsMesh.Architecture.Tests;

/// <summary>
/// The rooms of the code keep to their purpose: domain rules know nothing of gRPC or storage, services do not
/// reach into each other, the gateway holds no storage, and the shared libraries know no service.
/// </summary>
public sealed class LayoutTests
{
    private static readonly IReadOnlyList<CatalogueEntry> Services = Catalogue.Services;

    public static TheoryData<string> ServiceProjects() => [.. Services.Select(s => s.Project)];

    private static string Assembly(string project) => RepositoryLayout.ProjectAssembly(project);

    private static List<string> References(string project)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(Assembly(project));
        return assembly.MainModule.AssemblyReferences.Select(r => r.Name).ToList();
    }

    /// <summary>Every package and project in a process's dependency graph, as its deps.json lists them.</summary>
    private static List<string> Dependencies(string project)
    {
        var deps = Path.ChangeExtension(Assembly(project), ".deps.json");
        using var json = JsonDocument.Parse(File.ReadAllText(deps));
        return json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
    }

    [Theory]
    [MemberData(nameof(ServiceProjects))]
    public void Domain_UsesNoGrpcAndNoStorage(string project)
    {
        var name = Path.GetFileName(project);
        var result = Types.FromFile(Assembly(project))
            .That().ResideInNamespace(name + ".Domain")
            .ShouldNot().HaveDependencyOnAny("Grpc", "Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.Data.Sqlite", "NewsMesh.Storage", "Microsoft.AspNetCore")
            .GetResult();

        using (var assembly = AssemblyDefinition.ReadAssembly(Assembly(project)))
        {
            Assert.True(assembly.MainModule.Types.Any(t => t.Namespace == name + ".Domain"), $"{name} has no Domain types to check");
            Assert.True(assembly.MainModule.Types.Any(t => t.Name.EndsWith("GrpcService", StringComparison.Ordinal)), $"{name} has no gRPC service class");
        }
        Assert.True(result.IsSuccessful, $"{name}'s domain depends on gRPC or storage: {string.Join(", ", result.FailingTypeNames ?? [])}");
        // The rule sees what it is meant to: the service's gRPC class does depend on gRPC.
        Assert.True(Types.FromFile(Assembly(project)).That().HaveNameEndingWith("GrpcService")
            .Should().HaveDependencyOnAny("Grpc").GetResult().IsSuccessful);
    }

    [Fact]
    public void NoProcess_ReferencesAnother()
    {
        var processes = Catalogue.All.Select(e => Path.GetFileName(e.Project)).ToHashSet();
        foreach (var entry in Catalogue.All)
        {
            Assert.Empty(References(entry.Project).Intersect(processes));
        }
    }

    [Fact]
    public void Gateway_HoldsNoStorage()
    {
        var dependencies = Dependencies(Catalogue.Get(Catalogue.Gateway).Project);

        Assert.DoesNotContain("NewsMesh.Storage", dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Npgsql", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));
    }

    [Fact]
    public void SharedLibraries_KnowNoServiceAndHostingKnowsNoStorage()
    {
        var processes = Catalogue.All.Select(e => Path.GetFileName(e.Project)).ToList();
        foreach (var library in new[] { "services/NewsMesh.ServiceDefaults", "services/NewsMesh.Storage", "services/NewsMesh.Aip" })
        {
            Assert.Empty(Dependencies(library).Intersect(processes));
        }
        var hosting = Dependencies("services/NewsMesh.ServiceDefaults");
        Assert.DoesNotContain("NewsMesh.Storage", hosting);
        Assert.DoesNotContain(hosting, d => d.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(Dependencies("services/NewsMesh.Aip"),
            d => d.StartsWith("Grpc", StringComparison.Ordinal) || (d.StartsWith("NewsMesh.", StringComparison.Ordinal) && d != "NewsMesh.Aip"));
    }
}
