using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

/// <summary>Categories and tags through OPML: nested folders and the category attribute in, folders out, and back.</summary>
public sealed class OpmlCategoryTests
{
    [Fact]
    public async Task NestedFoldersBecomeCategoriesAndSurviveARoundTrip()
    {
        await using var site = await FixtureServer.StartAsync();
        var opml = $"""
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>t</title></head><body>
              <outline text="News">
                <outline text="World">
                  <outline text="A" xmlUrl="{site.Url("/a.xml")}"/>
                  <outline text="B" xmlUrl="{site.Url("/b.xml")}" category="/Science,climate,daily"/>
                </outline>
                <outline text="C" xmlUrl="{site.Url("/c.xml")}"/>
              </outline>
              <outline text="D" xmlUrl="{site.Url("/d.xml")}"/>
            </body></opml>
            """;
        using var firstFolder = new TempFolder();
        using var secondFolder = new TempFolder();
        string exported;
        Dictionary<string, (string?, string)> before;
        await using (var first = new AggregatorApp(firstFolder))
        {
            before = await ImportAsync(first, opml);
            using var client = first.CreateClient();
            exported = await client.GetStringAsync("/api/sources.opml");
        }

        await using var second = new AggregatorApp(secondFolder);
        var after = await ImportAsync(second, exported);

        Assert.Equal(("News/World", ""), before[site.Url("/a.xml").AbsoluteUri]);
        Assert.Equal(("Science", "climate,daily"), before[site.Url("/b.xml").AbsoluteUri]);
        Assert.Equal(("News", ""), before[site.Url("/c.xml").AbsoluteUri]);
        Assert.Equal((null, ""), before[site.Url("/d.xml").AbsoluteUri]);
        Assert.Equal(before.OrderBy(p => p.Key), after.OrderBy(p => p.Key));
        var body = XDocument.Parse(exported).Root!.Element("body")!;
        var world = body.Elements("outline").Single(o => (string?)o.Attribute("text") == "News").Elements("outline").Single(o => (string?)o.Attribute("text") == "World");
        Assert.Equal(site.Url("/a.xml").AbsoluteUri, (string?)Assert.Single(world.Elements("outline")).Attribute("xmlUrl"));
    }

    /// <summary>Imports a document and returns each source's category and comma-joined tags by URL.</summary>
    private static async Task<Dictionary<string, (string?, string)>> ImportAsync(AggregatorApp app, string opml)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsync("/api/sources/import", new StringContent(opml, System.Text.Encoding.UTF8, "text/x-opml"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        var sources = (await admin.GetFromJsonAsync<JsonElement[]>("/api/sources"))!;
        return sources.ToDictionary(
            s => s.GetProperty("url").GetString()!,
            s => (s.GetProperty("category").GetString(), string.Join(',', s.GetProperty("tags").EnumerateArray().Select(t => t.GetString()))));
    }
}
