using NewsMesh.Articles.Domain;

namespace NewsMesh.Articles.Tests.Domain;

public class AttributionTests
{
    private static readonly string[] Agencies = ["Northwire", "Agence Lumen", "Pacifica Press Service"];

    [Theory]
    [InlineData("en", 0, "")]
    [InlineData("en", 1, "Some information for this report was provided by Northwire.")]
    [InlineData("en", 2, "Some information for this report was provided by Northwire and Agence Lumen.")]
    [InlineData("en", 3, "Some information for this report was provided by Northwire, Agence Lumen and Pacifica Press Service.")]
    [InlineData("fr", 0, "")]
    [InlineData("fr", 1, "Certaines informations de cet article ont été fournies par Northwire.")]
    [InlineData("fr", 2, "Certaines informations de cet article ont été fournies par Northwire et Agence Lumen.")]
    [InlineData("fr", 3, "Certaines informations de cet article ont été fournies par Northwire, Agence Lumen et Pacifica Press Service.")]
    [InlineData("es", 0, "")]
    [InlineData("es", 1, "Parte de la información de este artículo fue proporcionada por Northwire.")]
    [InlineData("es", 2, "Parte de la información de este artículo fue proporcionada por Northwire y Agence Lumen.")]
    [InlineData("es", 3, "Parte de la información de este artículo fue proporcionada por Northwire, Agence Lumen y Pacifica Press Service.")]
    [InlineData("es-419", 1, "Parte de la información de este artículo fue proporcionada por Northwire.")]
    [InlineData("de", 1, "Some information for this report was provided by Northwire.")]
    public void Line_ZeroToThreeAgencies_InTheArticlesLanguage(string language, int count, string expected) =>
        Assert.Equal(expected, Attribution.Line(language, Agencies.Take(count).ToList()));
}
