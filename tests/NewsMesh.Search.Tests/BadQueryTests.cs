using System.Net;
using Grpc.Core;
using NewsMesh.Contracts.Search.V1;
using NewsMesh.Search.Domain;
using NewsMesh.Testing;

namespace NewsMesh.Search.Tests;

/// <summary>No query can make the service fail: each is answered, or refused with INVALID_ARGUMENT naming the field; memory stays bounded.</summary>
[Collection(SearchMeshUsers.Name)]
public sealed class BadQueryTests(SearchMesh mesh)
{
    /// <summary>Strings that break parsers, encoders and query languages: written for these tests.</summary>
    public static readonly TheoryData<string> Hostile = new()
    {
        " ", "\t\n", "\0", "\u0001\u0002\u0003", "'", "\"", "\"\"\"", "\\", "\\\\\"", "*", "*harbour", "?arbour", "harb*", "~", "^2", "harbour~2",
        "(((((((((harbour", "))))))", "[1 TO 2]", "{a TO b}", "AND", "OR NOT", "NOT harbour", "headline:harbour", "a:b:c:d", "-", "--", "- -", "-\"\"",
        "+harbour +pilots", "&&||!", "/regex.*/", "harbour^", "\u202eevil", "\ufeffharbour", "😀", "𝕬𝖇𝖈", "👩‍👩‍👧", "Ω≈ç√∫", "田中さんにあげて下さい",
        "<script>alert(1)</script>", "' OR 1=1 --", "%00%0a", "%s%s%s%n", "${jndi:ldap://example.invalid/a}", "../../../etc/passwd",
        "قال الوزير", "שלום", "\u0300\u0301\u0302", "ﷺ", "null", "undefined", "NaN", "0x7fffffff", "-1e309",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task AHostileQuery_IsAnswered_OrRefusedAsInvalid(string query)
    {
        try
        {
            var answer = await mesh.SearchAs(null).SearchArticlesAsync(new SearchArticlesRequest { Query = query });
            Assert.True(answer.TotalSize >= 0);
        }
        catch (RpcException e)
        {
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Equal("query", e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Single().Field);
        }
    }

    [Fact]
    public async Task WordlessTooLong_OrTooManyWords_IsInvalidArgument_OnQuery()
    {
        var client = mesh.SearchAs(null);
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest { Query = "-" }).ResponseAsync, "query");
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest { Query = new string('a', SearchRequestRules.MaxQueryCharacters + 1) }).ResponseAsync, "query");
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest
        {
            Query = string.Join(' ', Enumerable.Range(0, SearchRequestRules.MaxTerms + 1).Select(i => "w" + i)),
        }).ResponseAsync, "query");
        // At the limits, the query is answered.
        await client.SearchArticlesAsync(new SearchArticlesRequest { Query = string.Join(' ', Enumerable.Range(0, SearchRequestRules.MaxTerms).Select(i => "w" + i)) });
        await client.SearchArticlesAsync(new SearchArticlesRequest { Query = new string('(', SearchRequestRules.MaxQueryCharacters) });
    }

    [Fact]
    public async Task BadFilters_AreInvalidArgument_NamingEachField()
    {
        var client = mesh.SearchAs(null);
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest
        {
            Query = "harbour",
            LanguageCode = "not a language",
            Sections = { "" },
            Author = "people/ada",
            PageSize = -1,
            PublishTimeAfter = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            PublishTimeBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
        }).ResponseAsync, "language_code", "sections[0]", "author", "page_size", "publish_time_before");
        await RpcAssert.InvalidArgument(() => client.SearchArticlesAsync(new SearchArticlesRequest
        {
            Query = "harbour",
            Subjects = { Enumerable.Range(0, SearchRequestRules.MaxFilterValues + 1).Select(i => "s" + i) },
            AllLanguages = true,
            PageToken = "not-a-token",
            PublishTimeAfter = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1, Nanos = -1 },
            PublishTimeBefore = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = long.MaxValue },
        }).ResponseAsync, "subjects", "all_languages", "page_token", "publish_time_after", "publish_time_before");
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK)]
    [InlineData("q=", HttpStatusCode.OK)]
    [InlineData("q=-", HttpStatusCode.BadRequest)]
    [InlineData("q=%28%28%28%2Aharbour", HttpStatusCode.OK)]
    [InlineData("q=harbour&pageSize=-3", HttpStatusCode.BadRequest)]
    [InlineData("q=harbour&state=STATE_DRAFT", HttpStatusCode.Unauthorized)]
    [InlineData("q=harbour&order=SIDEWAYS", HttpStatusCode.BadRequest)]
    public async Task OverJson_BadQueries_Are400_AndNever500(string query, HttpStatusCode expected)
    {
        using var http = new HttpClient();

        using var answer = await http.GetAsync($"http://127.0.0.1:{mesh.Search.HttpPort}/v1/search?{query}");

        Assert.Equal(expected, answer.StatusCode);
        Assert.DoesNotMatch(RpcAssert.StackFrame, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThousandsOfLargeQueries_KeepTheServiceMemoryBounded()
    {
        var client = mesh.SearchAs(SearchMesh.Token("editor"));
        var random = new Random(19);
        var words = Enumerable.Range(0, SearchRequestRules.MaxTerms).Select(_ => "w" + random.Next(100_000)).ToList();
        async Task RoundAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var query = string.Join(' ', words.Select(w => i % 3 == 0 ? $"\"{w} {w}\"" : w + random.Next(10)));
                query = query.Length > SearchRequestRules.MaxQueryCharacters ? query[..SearchRequestRules.MaxQueryCharacters] : query;
                await client.SearchArticlesAsync(new SearchArticlesRequest { Query = query, PageSize = 50 });
            }
        }
        await RoundAsync(200);
        var before = ResidentMegabytes(mesh.Search.ProcessId);

        await RoundAsync(2000);

        var after = ResidentMegabytes(mesh.Search.ProcessId);
        Assert.True(after < before + 128, $"resident memory grew from {before} MB to {after} MB over 2,000 queries of {SearchRequestRules.MaxQueryCharacters} characters");
    }

    private static long ResidentMegabytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture) / 1024;
}
