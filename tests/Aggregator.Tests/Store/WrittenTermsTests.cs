using Aggregator.Query;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// A batch's terms are split before its write turn and the ones this process knows are stored are not
/// inserted again; texts the splitter cannot judge still go through FTS5; every term ends in item_terms.
/// </summary>
public sealed class WrittenTermsTests
{
    [Fact]
    public async Task EveryTermOfEveryBatchIsRecordedWhateverThisProcessAlreadyKnows()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var source = await app.Services.GetRequiredService<SourceStore>().AddAsync(new SourceDefinition("https://terms.example/feed", "Terms", 60, false));
        var items = app.Services.GetRequiredService<ItemStore>();

        await items.UpsertAsync(source!.Id, [Draft("a", "Quorvex harbour", "plain quorvex text"), Draft("b", "Café zündel", "accented çafé text")]);
        await items.UpsertAsync(source.Id, [Draft("c", "Quorvex again", "quorvex and a new word blenthar")]);
        // An update brings new words to a stored item.
        await items.UpsertAsync(source.Id, [Draft("a", "Quorvex harbour", "now with mivrosk") with { EntryHash = "changed" }]);

        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var terms = (await connection.QueryAsync<string>("SELECT term FROM item_terms")).ToHashSet();
        Assert.Superset(new HashSet<string> { "quorvex", "harbour", "plain", "cafe", "zundel", "accented", "blenthar", "mivrosk" }, terms);
        Assert.Equal(["a"], (await items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("mivr*", out _)))).Select(i => i.Key));
        Assert.Equal(["b"], (await items.ListAsync(new ItemFilter(Match: FtsQuery.Translate("zund*", out _)))).Select(i => i.Key));
    }

    private static ItemDraft Draft(string key, string title, string text) => new(
        key, key, $"https://terms.example/{key}", title, null, DateTimeOffset.UtcNow, null, null, $"<p>{text}</p>", text, [], [], $"hash-{key}");
}
