using System.Text;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Cli;

/// <summary>
/// A process killed while it writes (SIGKILL, mid-refresh, with checkpoints running off the write turns)
/// leaves a database that passes SQLite's and FTS5's integrity checks, and the next refresh completes it.
/// </summary>
public sealed class KilledRefreshTests : IAsyncLifetime, IDisposable
{
    private const int Feeds = 60;
    private const int ItemsPerFeed = 60;

    private readonly TempFolder _folder = new();
    private readonly OperatorCli _cli;
    private FixtureServer _site = null!;

    public KilledRefreshTests() => _cli = new OperatorCli(_folder);

    public async Task InitializeAsync()
    {
        _site = await FixtureServer.StartAsync();
        for (var feed = 0; feed < Feeds; feed++)
        {
            _site.ServeText($"/feeds/{feed}.xml", Feed(feed), "application/rss+xml");
        }
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AKillMidRefreshLeavesAnIntactDatabaseThatTheNextRefreshCompletes()
    {
        await File.WriteAllTextAsync(_cli.SourcesFile, """{ "sources": [] }""");
        var opml = _folder.File("feeds.opml");
        await File.WriteAllTextAsync(opml, $"""
            <opml version="2.0"><body>{string.Concat(Enumerable.Range(0, Feeds).Select(f => $"<outline xmlUrl=\"{_site.Url($"/feeds/{f}.xml")}\"/>"))}</body></opml>
            """);
        Assert.Equal(0, (await _cli.RunAsync("import-opml", opml)).ExitCode);

        using (var refresh = _cli.Start("sources", "refresh", "--all"))
        {
            _ = refresh.StandardOutput.ReadToEndAsync();
            _ = refresh.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // Killed once a third of the items are in and a checkpoint has copied pages into the file itself.
            while ((await StoredAsync() < Feeds * ItemsPerFeed / 3 || FileBytes() <= 2 << 20) && !refresh.HasExited && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.False(refresh.HasExited, "the refresh ended before it could be killed");
            refresh.Kill(entireProcessTree: true);
            await refresh.WaitForExitAsync();
        }

        Assert.True(FileBytes() > 2 << 20, $"the file holds {FileBytes()} bytes: no checkpoint before the kill");
        var kept = await StoredAsync();
        Assert.InRange(kept, Feeds * ItemsPerFeed / 3, (Feeds * ItemsPerFeed) - 1);
        await using (var db = new SqliteConnection($"Data Source={_cli.Database};Pooling=false"))
        {
            await db.OpenAsync();
            Assert.Equal("ok", await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            Assert.Empty(await db.QueryAsync("PRAGMA foreign_key_check"));
            // FTS5 checks its index against the rows it indexes, and fails on any difference.
            await db.ExecuteAsync("INSERT INTO items_fts (items_fts) VALUES ('integrity-check')");
            Assert.Equal(kept, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'killtoken'"));
        }

        var again = await _cli.RunAsync("sources", "refresh", "--all");
        Assert.True(again.ExitCode == 0, again.Stderr);
        await using var after = _cli.OpenDatabase();
        Assert.Equal(Feeds * ItemsPerFeed, await after.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(Feeds * ItemsPerFeed, await after.ExecuteScalarAsync<long>("SELECT count(*) FROM items_fts WHERE items_fts MATCH 'killtoken'"));
    }

    private long FileBytes() => File.Exists(_cli.Database) ? new FileInfo(_cli.Database).Length : 0;

    private async Task<long> StoredAsync()
    {
        if (!File.Exists(_cli.Database))
        {
            return 0;
        }

        try
        {
            await using var db = _cli.OpenDatabase();
            return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
        }
        catch (SqliteException)
        {
            return 0; // not created yet, or busy being created
        }
    }

    /// <summary>An RSS feed of distinct articles of ~3 KB each, all holding one token to count them by.</summary>
    private static string Feed(int feed)
    {
        var random = new Random(feed);
        var rss = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed ").Append(feed).Append("</title><link>https://example.org/</link><description>d</description>");
        for (var item = 0; item < ItemsPerFeed; item++)
        {
            var words = string.Join(' ', Enumerable.Range(0, 450).Select(_ => $"w{random.Next(100_000)}"));
            rss.Append("<item><title>Story ").Append(feed).Append('-').Append(item).Append("</title><link>https://example.org/")
                .Append(feed).Append('/').Append(item).Append("</link><guid>g-").Append(feed).Append('-').Append(item)
                .Append("</guid><pubDate>Mon, 07 Dec 2026 10:").Append((item % 60).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
                .Append(":00 GMT</pubDate><description>&lt;p&gt;killtoken ").Append(words).Append("&lt;/p&gt;</description></item>");
        }

        return rss.Append("</channel></rss>").ToString();
    }
}
