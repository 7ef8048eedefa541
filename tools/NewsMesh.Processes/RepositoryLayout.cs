using System.Reflection;

namespace NewsMesh.Processes;

/// <summary>Finds the repository and the build output of each project, built in this library's own configuration.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } = typeof(RepositoryLayout).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NewsMesh.Configuration").Value!;

    /// <summary>The built assembly of <paramref name="project"/> (<c>services/NewsMesh.Articles</c>): services/NewsMesh.Articles/bin/Debug/net10.0/NewsMesh.Articles.dll.</summary>
    public static string ProjectAssembly(string project) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", Path.GetFileName(project) + ".dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsMesh.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("NewsMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
