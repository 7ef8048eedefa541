using NewsMesh.Contracts.Search.V1;

namespace NewsMesh.Search.Tests;

/// <summary>
/// A small judged set: articles written for this test in four languages, with neighbours that share some of their
/// words, and for each query the article a reader would expect first.
/// </summary>
public sealed class RelevanceMesh : IAsyncLifetime
{
    public static readonly IReadOnlyList<(string Key, string Language, string Section, string Headline, string Body)> Articles =
    [
        ("rates", "en", "business", "Central bank raises interest rates to curb inflation",
            "The central bank raised its main interest rate by half a point, its third rise this year, saying inflation was still too high."),
        ("energy", "en", "business", "Inflation slows as energy prices fall",
            "Inflation eased for a second month as petrol and heating bills fell. Economists expect the central bank to keep rates where they are."),
        ("storm", "en", "world", "Storm floods coastal towns as thousands are evacuated",
            "Heavy rain and high tides flooded streets in a dozen towns; rescue teams evacuated thousands of residents overnight."),
        ("striker", "en", "sport", "Football club signs young striker from its rival",
            "The club paid a record fee for the striker, who scored twenty goals for the rival side last season."),
        ("vaccine", "en", "health", "New vaccine trial shows strong immune response",
            "Volunteers given the vaccine produced strong antibody levels, the researchers said; a larger trial starts in spring."),
        ("bikes", "en", "world", "City council approves bike lanes on the main avenue",
            "Councillors voted to build protected bike lanes along the avenue, removing one lane of car traffic."),
        ("banque", "fr", "business", "La banque centrale relève ses taux d'intérêt",
            "La banque centrale a relevé son principal taux d'intérêt d'un demi-point pour freiner l'inflation."),
        ("crue", "fr", "world", "Les inondations frappent les villes côtières",
            "Des pluies violentes ont provoqué des inondations dans une dizaine de villes ; des milliers d'habitants ont été évacués."),
        ("attaquant", "fr", "sport", "Le club de football recrute un jeune attaquant",
            "Le club a payé un montant record pour l'attaquant, auteur de vingt buts la saison dernière."),
        ("vaccin", "fr", "health", "Un nouveau vaccin montre une forte réponse immunitaire",
            "Les volontaires ont produit beaucoup d'anticorps, selon les chercheurs ; un essai plus large commence au printemps."),
        ("banco", "es", "business", "El banco central sube los tipos de interés",
            "El banco central subió su tipo de interés principal medio punto para frenar la inflación."),
        ("inundaciones", "es", "world", "Las inundaciones golpean los pueblos costeros",
            "Las lluvias provocaron inundaciones en una docena de pueblos; miles de vecinos fueron evacuados."),
        ("delantero", "es", "sport", "El club de fútbol ficha a un joven delantero",
            "El club pagó una cifra récord por el delantero, que marcó veinte goles la temporada pasada."),
        ("zinsen", "de", "business", "Die Zentralbank erhöht die Zinsen gegen die Inflation",
            "Die Zentralbank hob ihren Leitzins um einen halben Punkt an, um die Inflation zu bremsen."),
        ("flut", "de", "world", "Überschwemmungen treffen die Küstenstädte",
            "Heftiger Regen führte zu Überschwemmungen in einem Dutzend Städten; Tausende wurden in Sicherheit gebracht."),
        ("stuermer", "de", "sport", "Der Fußballverein verpflichtet einen jungen Stürmer",
            "Der Verein zahlte eine Rekordsumme für den Stürmer, der in der vergangenen Saison zwanzig Tore schoss."),
    ];

    private SearchMesh _mesh = null!;

    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    public SearchService.SearchServiceClient Reader => _mesh.SearchAs(null);

    public async Task InitializeAsync()
    {
        _mesh = new SearchMesh();
        await _mesh.InitializeAsync();
        foreach (var (key, language, section, headline, body) in Articles)
        {
            Names[key] = (await _mesh.PublishedAsync(headline, body, language, section)).Name;
        }
        // Until the index holds every article: each is found by its own headline.
        foreach (var (key, language, _, headline, _) in Articles)
        {
            await _mesh.UntilAsync(new SearchArticlesRequest { Query = $"\"{headline}\"", LanguageCode = language }, a => a.Hits.Any(h => h.Article == Names[key]));
        }
    }

    public Task DisposeAsync() => _mesh.DisposeAsync();
}

public sealed class RelevanceTests(RelevanceMesh judged) : IClassFixture<RelevanceMesh>
{
    public static readonly TheoryData<string, string, string> Judged = new()
    {
        { "en", "interest rates", "rates" },
        { "en", "\"central bank\" rise", "rates" },
        { "en", "inflation energy prices", "energy" },
        { "en", "floods evacuated", "storm" },
        { "en", "flooding", "storm" },
        { "en", "striker", "striker" },
        { "en", "rival club", "striker" },
        { "en", "vaccine immune", "vaccine" },
        { "en", "antibodies trial", "vaccine" },
        { "en", "bike lane", "bikes" },
        { "fr", "taux d'intérêt", "banque" },
        { "fr", "inondation", "crue" },
        { "fr", "attaquants", "attaquant" },
        { "fr", "vaccins", "vaccin" },
        { "es", "tipos de interés", "banco" },
        { "es", "inundación", "inundaciones" },
        { "es", "delanteros", "delantero" },
        { "de", "die Zinsen", "zinsen" },
        { "de", "Überschwemmung", "flut" },
        { "de", "Stürmer Verein", "stuermer" },
    };

    [Theory]
    [MemberData(nameof(Judged))]
    public async Task TheJudgedArticle_ComesFirst(string language, string query, string expected)
    {
        var answer = await judged.Reader.SearchArticlesAsync(new SearchArticlesRequest { Query = query, LanguageCode = language });

        Assert.NotEmpty(answer.Hits);
        Assert.Equal(judged.Names[expected], answer.Hits[0].Article);
    }
}
