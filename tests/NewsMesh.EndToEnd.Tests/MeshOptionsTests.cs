using NewsMesh.Local;
using NewsMesh.Processes;

namespace NewsMesh.EndToEnd.Tests;

/// <summary>The launcher's port settings: each port of a process may be set apart from the catalogue's, alone.</summary>
public sealed class MeshOptionsTests
{
    [Fact]
    public void Processes_OnePortSet_TheOtherIsTheCatalogues()
    {
        var options = new MeshOptions { Services = { ["articles"] = new ServicePorts { GrpcPort = 6101 } } };

        var articles = options.Processes().Single(p => p.Name == "articles");

        Assert.Equal(6101, articles.GrpcPort);
        Assert.Equal(Catalogue.Get("articles").HttpPort, articles.HttpPort);
        Assert.Equal(Catalogue.All.Select(e => e.Name), options.Processes().Select(p => p.Name));
    }

    [Theory]
    [InlineData("nonsense", 6101)]
    [InlineData("articles", 70000)]
    public void ServicesAreValid_UnknownProcessOrBadPort_Refused(string name, int port) =>
        Assert.False(new MeshOptions { Services = { [name] = new ServicePorts { HttpPort = port } } }.ServicesAreValid());

    [Fact]
    public void ServicesAreValid_CatalogueNamesAndPorts_Accepted() =>
        Assert.True(new MeshOptions { Services = { ["gateway"] = new ServicePorts { HttpPort = 9080 } } }.ServicesAreValid());
}
