using System.Xml;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Publish;

/// <summary>
/// A JSON Feed may carry control characters (escaped, legally); stored as given, they must not make
/// the XML feeds ill-formed: a strict XML reader reads every entry, and the text around them survives.
/// </summary>
public sealed class XmlSafeTests
{
    [Theory]
    [InlineData("/feeds/all.rss")]
    [InlineData("/feeds/all.atom")]
    public async Task CharactersXmlCannotCarryAreLeftOutOfTheFeeds(string path)
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://control.example/feed.json", "Ctl\u0002 feed", 60, false));
        await app.Services.GetRequiredService<ItemStore>().UpsertAsync(source!.Id, [new ItemDraft(
            "k", "k", "https://control.example/a", "Bell\u0007 and \uFFFE title", "Au\u0001thor", DateTimeOffset.UtcNow, null, "sum\u000Bmary",
            "<p>lone \uD800 surrogate, pair \uD83D\uDE00 kept</p>", "lone \uD800 surrogate, pair \uD83D\uDE00 kept", ["cat\u001F"],
            [new StoredEnclosure("https://control.example/a.mp3", "audio/mpeg\u0001", 10)], "h")]);
        using var client = app.CreateClient();

        var body = await client.GetStringAsync(path);
        using var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { CheckCharacters = true, DtdProcessing = DtdProcessing.Prohibit });
        var text = new System.Text.StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                text.Append(reader.Value).Append('|');
            }
        }

        Assert.Contains("Bell and  title", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Author", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("summary", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Ctl feed", text.ToString(), StringComparison.Ordinal);
        // SQLite stores UTF-8, so a lone surrogate comes back as U+FFFD; a pair survives whole.
        Assert.Contains("pair \uD83D\uDE00 kept", text.ToString(), StringComparison.Ordinal);
    }
}
