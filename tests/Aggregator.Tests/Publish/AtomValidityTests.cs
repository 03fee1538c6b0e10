using Microsoft.Extensions.DependencyInjection;
using System.Xml.Linq;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Publish;

/// <summary>Atom output checked against RFC 4287 (schema translation plus MUST rules) and its ids stable across restarts.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class AtomValidityTests(PublishSite site)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Theory]
    [InlineData("/feeds/all.atom")]
    [InlineData("/feeds/world.atom?limit=1")]
    [InlineData("/feeds/elections.atom")]
    [InlineData("/feeds/beta-only.atom?q=nothing-matches-this")]
    public async Task EveryChannelIsValidAtom(string path)
    {
        Assert.Empty(AtomRules.Check(await site.GetBytesAsync(path)));
    }

    [Fact]
    public void TheRulesCatchAnInvalidFeed()
    {
        var invalid = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>2024-06-01T10:00:00</updated>
            <entry><id>x</id><title>a</title><link href="https://a.example/"/><updated>2024-06-01T10:00:00Z</updated><bogus/></entry></feed>
            """;

        var errors = AtomRules.Check(System.Text.Encoding.UTF8.GetBytes(invalid));

        Assert.Contains(errors, e => e.Contains("needs exactly one atom:id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("no atom:author", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("schema", StringComparison.Ordinal) && e.Contains("updated", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("schema", StringComparison.Ordinal) && e.Contains("bogus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EntriesNameTheirOriginFeedAndOtherCarriers()
    {
        var feed = XDocument.Load(new MemoryStream(await site.GetBytesAsync("/feeds/all.atom"))).Root!;
        var entry = feed.Elements(Atom + "entry").Single(e => e.Element(Atom + "title")!.Value == "Talks resume in the capital");

        Assert.Equal(site.Feeds.Url("/alpha.xml").AbsoluteUri, entry.Element(Atom + "source")!.Element(Atom + "id")!.Value);
        Assert.Equal("Alpha News", entry.Element(Atom + "source")!.Element(Atom + "title")!.Value);
        var via = entry.Elements(Atom + "link").Where(l => (string?)l.Attribute("rel") == "via").Select(l => (string?)l.Attribute("title"));
        Assert.Equal(["Gamma Times", "Beta Daily"], via);
    }

    [Fact]
    public async Task IdsAreTheSameAcrossRendersAndAnotherHostOnTheSameData()
    {
        var first = Ids(await site.GetBytesAsync("/feeds/all.atom"));
        var again = Ids(await site.GetBytesAsync("/feeds/all.atom?limit=50"));

        Assert.Equal(first, again);
        Assert.All(first, id => Assert.Matches("^urn:uuid:[0-9a-f-]{36}$", id));
        Assert.Equal(first.Count, first.Distinct().Count());
        using var folder = new TempFolder();
        // A consistent copy: the file alone misses what is still in the WAL.
        await site.App.Services.GetRequiredService<Aggregator.Store.DatabaseBackup>().BackupAsync(folder.File("aggregator.db"));
        await using var other = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:FetchFullArticles"] = "false" });
        using var client = other.CreateClient();
        Assert.Equal(first, Ids(await client.GetByteArrayAsync("/feeds/all.atom")));
    }

    private static List<string> Ids(byte[] atom) =>
        [.. XDocument.Load(new MemoryStream(atom)).Root!.Elements(Atom + "entry").Prepend(XDocument.Load(new MemoryStream(atom)).Root!)
            .Select(e => e.Element(Atom + "id")!.Value)];
}
