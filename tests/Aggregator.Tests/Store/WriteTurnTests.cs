using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Store;

/// <summary>
/// Write turns run on one connection kept open with its prepared statements: a statement is prepared
/// once and takes new values in every turn, and a turn that fails leaves nothing behind for the next.
/// </summary>
public sealed class WriteTurnTests
{
    private const string Insert = "INSERT INTO item_terms (term) VALUES (@term)";

    [Fact]
    public async Task AStatementIsPreparedOnceAndTakesNewValuesInEveryTurn()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var database = app.Services.GetRequiredService<Database>();

        Microsoft.Data.Sqlite.SqliteCommand first;
        await using (var write = await database.BeginWriteAsync())
        {
            first = write.Statement(Insert).Bind("@term", "alpha");
            first.ExecuteNonQuery();
            await write.CommitAsync();
        }

        await using (var write = await database.BeginWriteAsync())
        {
            var again = write.Statement(Insert).Bind("@term", "beta");
            Assert.Same(first, again);
            again.ExecuteNonQuery();
            await write.CommitAsync();
        }

        Assert.Equal(["alpha", "beta"], await TermsAsync(database));
    }

    [Fact]
    public async Task ATurnThatFailsLeavesNothingAndTheNextTurnWrites()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        var database = app.Services.GetRequiredService<Database>();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var write = await database.BeginWriteAsync();
            write.Statement(Insert).Bind("@term", "lost").ExecuteNonQuery();
            throw new InvalidOperationException("the turn fails before its commit");
        });
        await using (var write = await database.BeginWriteAsync())
        {
            write.Statement(Insert).Bind("@term", "kept").ExecuteNonQuery();
            await write.CommitAsync();
        }

        Assert.Equal(["kept"], await TermsAsync(database));
    }

    private static async Task<List<string>> TermsAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT term FROM item_terms WHERE term IN ('alpha', 'beta', 'lost', 'kept') ORDER BY term")];
    }
}
