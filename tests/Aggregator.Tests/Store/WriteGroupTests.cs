using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Store;

/// <summary>
/// Writers that wait for the write turn commit together (<see cref="WriteQueue"/>): each still sees its
/// writes stored when its commit returns, one that fails loses only its own writes, a group that cannot
/// commit tells every writer in it, and the full-text index the group writes at its commit holds every
/// row as it is stored. A writer holds the turn while the others line up, so the groups are known.
/// </summary>
public sealed class WriteGroupTests
{
    private const string Insert = "INSERT INTO item_terms (term) VALUES (@term)";

    /// <summary>Ends the whole transaction from inside it, as an I/O error or a full disk can.</summary>
    private const string RollbackTrigger = """
        CREATE TEMP TRIGGER end_everything BEFORE INSERT ON item_terms WHEN NEW.term = 'boom'
        BEGIN SELECT RAISE(ROLLBACK, 'the whole transaction ends here'); END
        """;

    [Fact]
    public async Task WritersThatWaitCommitOnceAndEachSeesItsWritesStoredWhenItsCommitReturns()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var commits = database.WriteTurns.Commits;

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        var writers = new List<Task<bool>>();
        for (var n = 0; n < 4; n++)
        {
            var term = $"term{n}";
            writers.Add(Task.Run(async () =>
            {
                await using var write = await database.BeginWriteAsync();
                Write(write, term);
                await write.CommitAsync();
                return (await TermsAsync(database)).Contains(term);
            }));
        }

        await Poll.UntilAsync(() => Task.FromResult(database.Writes.Waiting == 4), "four writers waiting for the turn");
        await holder.CommitAsync();
        await holder.DisposeAsync();

        Assert.All(await Task.WhenAll(writers), seen => Assert.True(seen, "a writer's commit returned before another connection could see its writes"));
        Assert.Equal(["held", "term0", "term1", "term2", "term3"], await TermsAsync(database));
        Assert.Equal(1, database.WriteTurns.Commits - commits);
    }

    [Fact]
    public async Task AWriterThatFailsLosesOnlyItsOwnWrites()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        var before = await LineUpAsync(database, "before");
        var failing = await LineUpAsync(database, "lost", fail: true);
        var after = await LineUpAsync(database, "after");
        await holder.CommitAsync();
        await holder.DisposeAsync();

        await before;
        await after;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("this writer fails after its insert", error.Message);
        Assert.Equal(["after", "before", "held"], await TermsAsync(database));
    }

    [Fact]
    public async Task AGroupThatCannotCommitTellsEveryWriterInItAndTheNextTurnWrites()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        holder.Statement(RollbackTrigger).ExecuteNonQuery();
        var joined = await LineUpAsync(database, "joined");
        var ending = await LineUpAsync(database, "boom");
        var holding = holder.CommitAsync();

        Assert.Contains("the whole transaction ends here", (await Assert.ThrowsAsync<SqliteException>(() => ending)).Message, StringComparison.Ordinal);
        var told = await Assert.ThrowsAsync<InvalidOperationException>(() => joined);
        Assert.Contains("rolled back", told.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => holding);
        await holder.DisposeAsync();
        Assert.Empty(await TermsAsync(database));

        await using (var write = await database.BeginWriteAsync())
        {
            Write(write, "boom");
            await write.CommitAsync();
        }

        Assert.Equal(["boom"], await TermsAsync(database));
    }

    [Fact]
    public async Task UpsertsInOneGroupAreIndexedAsStoredWithAnUpdateOfARowTheGroupAdded()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);
        var commits = database.WriteTurns.Commits;

        var holder = await database.BeginWriteAsync();
        var first = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [Draft("a", "alphabetic albatross", "1")]));
        var other = await LineUpAsync(database, () => items.UpsertAsync(sources[1], [Draft("b", "bravura buffalo", "1")]));
        // The same entry again, changed: its row is in the group, not yet in the index.
        var changed = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [Draft("a", "chartreuse chameleon", "2")]));
        await holder.CommitAsync();
        await holder.DisposeAsync();

        Assert.Equal(new UpsertCounts(1, 0), await first);
        Assert.Equal(new UpsertCounts(1, 0), await other);
        Assert.Equal(new UpsertCounts(0, 1), await changed);
        Assert.Equal(1, database.WriteTurns.Commits - commits);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Empty(await MatchesAsync(connection, "albatross"));
        Assert.Equal(["a"], await MatchesAsync(connection, "chameleon"));
        Assert.Equal(["b"], await MatchesAsync(connection, "buffalo"));
    }

    [Fact]
    public async Task TermsOfAGroupThatFailedAreRecordedWhenTheItemsComeAgain()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);
        var draft = Draft("a", "quixotically zygomorphic", "1");

        var holder = await database.BeginWriteAsync();
        holder.Statement(RollbackTrigger).ExecuteNonQuery();
        var lost = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [draft]));
        var ending = await LineUpAsync(database, "boom");
        var holding = holder.CommitAsync();
        await Assert.ThrowsAsync<SqliteException>(() => ending);
        await Assert.ThrowsAsync<InvalidOperationException>(() => lost);
        await Assert.ThrowsAsync<InvalidOperationException>(() => holding);
        await holder.DisposeAsync();

        Assert.Equal(new UpsertCounts(1, 0), await items.UpsertAsync(sources[0], [draft]));
        await using var connection = await database.OpenAsync();
        Assert.Equal(
            ["quixotically", "zygomorphic"],
            await connection.QueryAsync<string>("SELECT term FROM item_terms WHERE term IN ('quixotically', 'zygomorphic') ORDER BY term"));
    }

    [Fact]
    public async Task AFetchPreparedWhileAGroupIsOpenRecordsTermsTheFailedGroupTookWithIt()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);

        var holder = await database.BeginWriteAsync();
        holder.Statement(RollbackTrigger).ExecuteNonQuery();
        var lost = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [Draft("a", "quixotically zygomorphic", "1")]));
        var (inTurn, gate) = (new TaskCompletionSource(), new TaskCompletionSource());
        var ending = await LineUpAsync(database, async () =>
        {
            await using var write = await database.BeginWriteAsync();
            inTurn.SetResult();
            await gate.Task;
            Write(write, "boom");
            await write.CommitAsync();
            return true;
        });
        var holding = holder.CommitAsync();
        // The first fetch's writes have joined the group, which is still open: the next one prepares now.
        await inTurn.Task;
        var prepared = await LineUpAsync(database, () => items.UpsertAsync(sources[1], [Draft("p", "quixotically zygomorphic again", "1")]));
        gate.SetResult();

        await Assert.ThrowsAsync<SqliteException>(() => ending);
        await Assert.ThrowsAsync<InvalidOperationException>(() => lost);
        await Assert.ThrowsAsync<InvalidOperationException>(() => holding);
        await holder.DisposeAsync();
        Assert.Equal(new UpsertCounts(1, 0), await prepared);
        await using var connection = await database.OpenAsync();
        Assert.Equal(
            ["again", "quixotically", "zygomorphic"],
            await connection.QueryAsync<string>("SELECT term FROM item_terms WHERE term IN ('again', 'quixotically', 'zygomorphic') ORDER BY term"));
    }

    [Fact]
    public async Task RowsAFailedWriterIndexedForItsUpdateAreIndexedAtTheCommit()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);
        await items.UpsertAsync(sources[1], [Draft("x", "xylophone xenolith", "1")]);

        var holder = await database.BeginWriteAsync();
        var added = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [Draft("a", "alphabetic albatross", "1")]));
        // It indexes the row above before its update, then fails: the rollback to its savepoint undoes both.
        var failing = await LineUpAsync(database, () => items.UpsertAsync(
            sources[1], [Draft("x", "yellowish yardarm", "2")], (_, _) => throw new InvalidOperationException("the fetch's record fails"), default));
        await holder.CommitAsync();
        await holder.DisposeAsync();

        Assert.Equal(new UpsertCounts(1, 0), await added);
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(["a"], await MatchesAsync(connection, "albatross"));
        Assert.Equal(["x"], await MatchesAsync(connection, "xenolith"));
        Assert.Empty(await MatchesAsync(connection, "yardarm"));
    }

    [Fact]
    public async Task AWriterThatDeletesRowsTheGroupAddedFindsThemIndexed()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);
        var store = new SourceStore(database, TimeProvider.System);

        var holder = await database.BeginWriteAsync();
        var added = await LineUpAsync(database, () => items.UpsertAsync(sources[0], [Draft("a", "alphabetic albatross", "1"), Draft("b", "bravura buffalo", "1")]));
        var kept = await LineUpAsync(database, () => items.UpsertAsync(sources[1], [Draft("c", "chartreuse chameleon", "1")]));
        // The source's items go with it, out of the index through its delete trigger.
        var deleted = await LineUpAsync(database, () => store.DeleteAsync(sources[0]));
        await holder.CommitAsync();
        await holder.DisposeAsync();

        await added;
        await kept;
        Assert.True(await deleted);
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Empty(await MatchesAsync(connection, "albatross OR buffalo"));
        Assert.Equal(["c"], await MatchesAsync(connection, "chameleon"));
    }

    [Fact]
    public async Task AGroupPastItsAgeCommitsAtTheEndOfTheTurn()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        database.Writes.MaxGroupAge = TimeSpan.Zero;
        var commits = database.WriteTurns.Commits;

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        var writers = new List<Task<bool>>();
        for (var n = 0; n < 3; n++)
        {
            writers.Add(await LineUpAsync(database, $"term{n}"));
        }

        await holder.CommitAsync();
        await holder.DisposeAsync();
        await Task.WhenAll(writers);

        Assert.Equal(4, database.WriteTurns.Commits - commits);
        Assert.Equal(["held", "term0", "term1", "term2"], await TermsAsync(database));
    }

    [Fact]
    public async Task TheFirstWriterReturnsWhenAnotherCommitsItsGroupNotAfterTheNextGroupsTurns()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        var (second, secondGate) = await GatedAsync(database, "second");
        var (third, thirdGate) = await GatedAsync(database, "third");
        // Two writers in line: the group stays open, and its first writer lines up behind them to commit it.
        var holding = holder.CommitAsync();
        await second.InTurn;
        database.Writes.MaxGroupAge = TimeSpan.Zero;
        secondGate.SetResult(); // the second commits the group, too old to wait for the third
        await third.InTurn;

        // The third holds the turn in a group of its own; the first writer's commit is done all the same.
        try
        {
            await holding.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(await second.Done);
            Assert.Equal(["held", "second"], await TermsAsync(database));
        }
        finally
        {
            thirdGate.TrySetResult();
        }

        Assert.True(await third.Done);
        await holder.DisposeAsync();
        Assert.Equal(0, database.Writes.Waiting);
    }

    [Fact]
    public async Task AHandlerThatThrowsLeavesTheWritesStoredAndTheOtherHandlersRun()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var ran = 0;

        var holder = await database.BeginWriteAsync();
        Write(holder, "held");
        holder.OnGroupCommit(() => throw new InvalidOperationException("a handler's own bug"));
        var other = await LineUpAsync(database, async () =>
        {
            await using var write = await database.BeginWriteAsync();
            Write(write, "other");
            write.OnGroupCommit(() => Interlocked.Increment(ref ran));
            await write.CommitAsync();
            return true;
        });
        await holder.CommitAsync();
        await holder.DisposeAsync();

        Assert.True(await other);
        Assert.Equal(1, ran);
        Assert.Equal(["held", "other"], await TermsAsync(database));
    }

    [Fact]
    public async Task ManyWritersAtOnceWithFailuresAndCancellationsLeaveEveryToldWriteStoredAndTheIndexWhole()
    {
        using var folder = new TempFolder();
        await using var database = await OpenAsync(folder);
        var (items, sources) = await StoreAsync(database);
        var stored = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var lost = new System.Collections.Concurrent.ConcurrentBag<string>();
        var terms = new System.Collections.Concurrent.ConcurrentBag<string>();

        var writers = Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            for (var step = 0; step < 40; step++)
            {
                var (key, word) = ($"w{writer}k{random.Next(8)}", $"w{writer}s{step}");
                var draft = Draft(key, $"shared words and {word}", word);
                switch (random.Next(10))
                {
                    case < 5:
                        await items.UpsertAsync(sources[writer % 2], [draft]);
                        stored[key] = word;
                        break;
                    case < 7:
                        // A fetch whose record fails: its items, new or changed, are not stored.
                        await Assert.ThrowsAsync<InvalidOperationException>(() => items.UpsertAsync(
                            sources[writer % 2], [draft], (_, _) => throw new InvalidOperationException("the record fails"), default));
                        lost.Add(word);
                        break;
                    case < 8:
                        // Given up while in line, or not: either way nothing half done.
                        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(3))))
                        {
                            try
                            {
                                await using var write = await database.BeginWriteAsync(soon.Token);
                                Write(write, word);
                                await write.CommitAsync(CancellationToken.None);
                                terms.Add(word);
                            }
                            catch (OperationCanceledException)
                            {
                            }
                        }

                        break;
                    default:
                        await using (var write = await database.BeginWriteAsync())
                        {
                            Write(write, word);
                            await write.CommitAsync();
                        }

                        terms.Add(word);
                        break;
                }
            }
        })).ToList();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(stored.Count, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items"));
        foreach (var (key, word) in stored)
        {
            Assert.Equal([key], await MatchesAsync(connection, word));
        }

        foreach (var word in lost)
        {
            Assert.Empty(await MatchesAsync(connection, word));
        }

        var recorded = (await connection.QueryAsync<string>("SELECT term FROM item_terms")).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(recorded, terms.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(recorded, stored.Values.ToHashSet(StringComparer.Ordinal));
        Assert.True(database.WriteTurns.Commits < database.WriteTurns.Turns, "no writer ever joined another's group");
        Assert.Equal(0, database.Writes.Waiting);
    }

    private static async Task<Database> OpenAsync(TempFolder folder)
    {
        var database = new Database(Path.Combine(folder.Path, "store.db"));
        await new Migrator(database).MigrateAsync();
        database.Writes.MaxGroupAge = TimeSpan.FromMinutes(10);
        return database;
    }

    private static async Task<(ItemStore Items, long[] Sources)> StoreAsync(Database database)
    {
        var store = new SourceStore(database, TimeProvider.System);
        var sources = new long[2];
        for (var n = 0; n < sources.Length; n++)
        {
            sources[n] = (await store.AddAsync(new SourceDefinition($"https://outlet{n}.example/feed", $"Outlet {n}", 60, false)))!.Id;
        }

        return (new ItemStore(database, TimeProvider.System), sources);
    }

    /// <summary>Starts a writer and waits until it is in line for the turn, so the writers line up in the order they start.</summary>
    private static async Task<Task<T>> LineUpAsync<T>(Database database, Func<Task<T>> writer)
    {
        var waiting = database.Writes.Waiting;
        var task = Task.Run(writer);
        await Poll.UntilAsync(() => Task.FromResult(database.Writes.Waiting > waiting || task.IsCompleted), "the writer in line for the turn");
        return task;
    }

    /// <summary>A writer that, once in its turn, writes its term and waits for the gate before it commits.</summary>
    private static async Task<((Task InTurn, Task<bool> Done) Writer, TaskCompletionSource Gate)> GatedAsync(Database database, string term)
    {
        var (inTurn, gate) = (new TaskCompletionSource(), new TaskCompletionSource());
        var done = await LineUpAsync(database, async () =>
        {
            await using var write = await database.BeginWriteAsync();
            Write(write, term);
            inTurn.SetResult();
            await gate.Task;
            await write.CommitAsync();
            return true;
        });
        return ((inTurn.Task, done), gate);
    }

    private static Task<Task<bool>> LineUpAsync(Database database, string term, bool fail = false) => LineUpAsync(database, async () =>
    {
        await using var write = await database.BeginWriteAsync();
        Write(write, term);
        if (fail)
        {
            throw new InvalidOperationException("this writer fails after its insert");
        }

        await write.CommitAsync();
        return true;
    });

    private static void Write(WriteTransaction write, string term) => write.Statement(Insert).Bind("@term", term).ExecuteNonQuery();

    private static async Task<List<string>> TermsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT term FROM item_terms ORDER BY term")];
    }

    private static async Task<List<string>> MatchesAsync(SqliteConnection connection, string word) =>
        [.. await connection.QueryAsync<string>("SELECT i.item_key FROM items_fts JOIN items i ON i.id = items_fts.rowid WHERE items_fts MATCH @word", new { word })];

    private static ItemDraft Draft(string key, string text, string version) => new(
        key, key, $"https://outlets.example/{key}", $"Item {key}", null, DateTimeOffset.UtcNow.AddMinutes(-5), null, null, $"<p>{text}</p>", text, [], [], $"hash-{key}-{version}");
}
