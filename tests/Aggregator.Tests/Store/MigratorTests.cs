using Aggregator.Store;
using Aggregator.Tests.Support;
using Dapper;

namespace Aggregator.Tests.Store;

/// <summary>
/// Schema scripts are recorded by number as they run: a script merged after a higher-numbered one
/// still runs, a database from before the record is read by its version, and a newer database is refused.
/// </summary>
public sealed class MigratorTests
{
    private static readonly MigrationScript One = new(1, "001_a.sql", "CREATE TABLE a (x INTEGER);");
    private static readonly MigrationScript Two = new(2, "002_b.sql", "CREATE TABLE b (x INTEGER);");
    private static readonly MigrationScript Three = new(3, "003_c.sql", "CREATE TABLE c (x INTEGER);");

    [Fact]
    public async Task AScriptMergedAfterAHigherNumberedOneStillRuns()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        await new Migrator(database, [One, Three]).MigrateAsync();

        await new Migrator(database, [One, Two, Three]).MigrateAsync();

        Assert.Equal(["a", "b", "c"], await TablesAsync(database));
        Assert.Equal([1, 2, 3], await RecordedAsync(database));
        Assert.Equal(3, await VersionAsync(database));
    }

    [Fact]
    public async Task ADatabaseTrackedOnlyByItsVersionCountsEveryScriptUpToIt()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER); PRAGMA user_version = 2;");
        }

        await new Migrator(database, [One, Two, Three]).MigrateAsync();

        Assert.Equal(["a", "b", "c"], await TablesAsync(database));
        Assert.Equal([1, 2, 3], await RecordedAsync(database));
    }

    [Fact]
    public async Task ScriptsAfterTheLastSharedOneRunAgainOnADatabaseTrackedOnlyByItsVersion()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        // A branch of the time could reach version 13 without running 12: the version cannot say.
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE a (x INTEGER); CREATE TABLE runs (n INTEGER); PRAGMA user_version = 13;");
        }

        MigrationScript Rerunnable(int number) => new(number, $"{number:000}_r.sql", $"INSERT INTO runs VALUES ({number});");
        await new Migrator(database, [One with { Sql = "CREATE TABLE IF NOT EXISTS a (x INTEGER);" }, Rerunnable(11), Rerunnable(12), Rerunnable(13)]).MigrateAsync();

        await using var check = await database.OpenAsync();
        Assert.Equal([12L, 13L], await check.QueryAsync<long>("SELECT n FROM runs ORDER BY n"));
        Assert.Equal([1, 11, 12, 13], await RecordedAsync(database));
    }

    [Fact]
    public async Task ADatabaseTrackedOnlyByANewerVersionIsRefusedAndLeftAsItIs()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE a (x INTEGER); PRAGMA user_version = 5;");
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new Migrator(database, [One, Two, Three]).MigrateAsync());

        Assert.Contains("newer than this build", refused.Message);
        await using var check = await database.OpenAsync();
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'schema_migrations'"));
        Assert.Equal(5, await VersionAsync(database));
    }

    [Fact]
    public async Task RunningTwiceChangesNothing()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        await new Migrator(database).MigrateAsync();
        var recorded = await RecordedAsync(database);

        await new Migrator(database).MigrateAsync();

        Assert.Equal(recorded, await RecordedAsync(database));
        Assert.Equal(recorded.Max(), await VersionAsync(database));
    }

    [Fact]
    public async Task ADatabaseNewerThanTheBuildIsRefusedWithTheReason()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        await new Migrator(database, [One, Two, Three]).MigrateAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new Migrator(database, [One, Two]).MigrateAsync());

        Assert.Contains("newer than this build", refused.Message);
        Assert.Contains("3", refused.Message);
    }

    [Fact]
    public async Task AFailingScriptLeavesNothingOfItselfAndIsNotRecorded()
    {
        using var folder = new TempFolder();
        var database = new Database(folder.File("m.db"));
        var broken = new MigrationScript(2, "002_broken.sql", "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);");

        await Assert.ThrowsAnyAsync<Exception>(() => new Migrator(database, [One, broken]).MigrateAsync());

        Assert.Equal(["a"], await TablesAsync(database));
        Assert.Equal([1], await RecordedAsync(database));
    }

    private static async Task<List<string>> TablesAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name")];
    }

    private static async Task<List<int>> RecordedAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<int>("SELECT number FROM schema_migrations ORDER BY number")];
    }

    private static async Task<long> VersionAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("PRAGMA user_version");
    }
}
