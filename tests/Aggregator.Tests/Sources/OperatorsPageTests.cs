using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

/// <summary>A healthy and a failing source (four failures) fetched by the real host, shared by the page tests, which only read.</summary>
public sealed class OperatorsPageHost : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FixtureServer _site = null!;

    public AggregatorApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _site = OperatorsSite.Serve(await FixtureServer.StartAsync());
        App = new AggregatorApp(_folder);
        await OperatorsSite.AddAsync(App, _site, failures: 4);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _site.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The operators' page over HTTP, parsed as HTML: rows, order, filter, escaping, bad input.</summary>
public sealed class OperatorsPageTests(OperatorsPageHost host) : IClassFixture<OperatorsPageHost>
{
    [Fact]
    public async Task TheFailingSourceComesFirstWithItsLastThreeErrors()
    {
        using var client = host.App.CreateClient();
        var response = await client.GetAsync("/operators");
        var page = await ParseAsync(response);
        var rows = page.QuerySelectorAll("tbody tr").ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("2 sources: 0 dead, 1 failing, 1 healthy; 0 disabled.", page.QuerySelector(".summary")!.TextContent);
        Assert.Equal([OperatorsSite.FailingTitle, OperatorsSite.HealthyTitle], Titles(page));
        Assert.Equal("failing", rows[0].QuerySelector(".grade")!.TextContent);
        Assert.Contains("HTTP 500", rows[0].QuerySelector(".reason")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("4", rows[0].QuerySelector(".failures")!.TextContent);
        var errors = rows[0].QuerySelectorAll("ol.errors li").ToList();
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Contains($"HTTP 500 {OperatorsSite.ReasonPhrase}", e.TextContent, StringComparison.Ordinal));
        Assert.Equal("none", rows[1].Children[^1].TextContent);
        Assert.Equal("2", rows[1].QuerySelector(".items")!.TextContent);
        Assert.Equal("0.3", rows[1].Children[6].TextContent);
        Assert.EndsWith(" · api · enabled", rows[1].Children[1].QuerySelector(".meta")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SortingByAHeaderOrdersTheRowsAndTheSameHeaderReversesThem()
    {
        using var client = host.App.CreateClient();
        var byHealth = await ParseAsync(await client.GetAsync("/operators"));
        var titleLink = byHealth.QuerySelectorAll("thead th a").Single(a => a.TextContent.StartsWith("Source", StringComparison.Ordinal)).GetAttribute("href")!;
        var byTitle = await ParseAsync(await client.GetAsync($"/operators{titleLink}"));
        var reverseLink = byTitle.QuerySelector("th[aria-sort] a")!.GetAttribute("href")!;
        var byTitleDesc = await ParseAsync(await client.GetAsync($"/operators{reverseLink}"));
        var byFailures = await ParseAsync(await client.GetAsync("/operators?sort=failures&dir=asc"));

        Assert.Equal("?sort=title&dir=asc", titleLink);
        Assert.Equal([OperatorsSite.HealthyTitle, OperatorsSite.FailingTitle], Titles(byTitle));
        Assert.Equal("?sort=title&dir=desc", reverseLink);
        Assert.Equal([OperatorsSite.FailingTitle, OperatorsSite.HealthyTitle], Titles(byTitleDesc));
        Assert.Equal([OperatorsSite.HealthyTitle, OperatorsSite.FailingTitle], Titles(byFailures));
    }

    [Theory]
    [InlineData("failing", OperatorsSite.FailingTitle)]
    [InlineData("healthy", OperatorsSite.HealthyTitle)]
    public async Task TheHealthFilterKeepsOnlyThatGrade(string grade, string title)
    {
        using var client = host.App.CreateClient();
        var page = await ParseAsync(await client.GetAsync($"/operators?health={grade}&sort=title"));

        Assert.Equal([title], Titles(page));
        Assert.Equal(grade, page.QuerySelector(".filter strong")!.TextContent);
        Assert.All(page.QuerySelectorAll("thead th a"), a => Assert.EndsWith($"&health={grade}", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkupInATitleOrAnErrorIsShownAsText()
    {
        using var client = host.App.CreateClient();
        var page = await ParseAsync(await client.GetAsync("/operators"));

        Assert.Empty(page.QuerySelectorAll("script, img, iframe, object"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(OperatorsSite.FailingTitle, Titles(page));
        Assert.Equal("Aggregator", page.Title!.Split(" · ")[^1]);
    }

    [Theory]
    [InlineData("sort=popularity", "sort")]
    [InlineData("dir=up", "dir")]
    [InlineData("health=sick", "health")]
    public async Task AnUnknownSortOrFilterIsABadRequestNamingTheParameter(string query, string parameter)
    {
        using var client = host.App.CreateClient();
        var response = await client.GetAsync($"/operators?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith($"{parameter}: ", System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRiverPageLinksToThePage()
    {
        using var client = host.App.CreateClient();
        var home = await ParseAsync(await client.GetAsync("/"));

        Assert.NotNull(home.QuerySelector("footer a[href='/operators']"));
    }

    internal static async Task<IDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    internal static string[] Titles(IDocument page) =>
        [.. page.QuerySelectorAll("tbody tr .title").Select(t => t.TextContent)];
}
