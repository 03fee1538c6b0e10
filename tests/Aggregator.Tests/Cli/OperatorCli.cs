using Aggregator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Aggregator.Tests.Cli;

/// <summary>
/// Runs the operators' commands as a process against the database and sources file of a temp
/// folder, with fixtures on 127.0.0.1 allowed.
/// </summary>
internal sealed class OperatorCli(TempFolder folder)
{
    public string Database => folder.File("aggregator.db");

    public string SourcesFile => folder.File("sources.json");

    public Task<AggregatorProcess.Outcome> RunAsync(params string[] args) => AggregatorProcess.RunAsync(folder.Path, WithSettings(args));

    /// <summary>Starts the command and leaves it running (<see cref="AggregatorProcess.Start"/>).</summary>
    public System.Diagnostics.Process Start(params string[] args) => AggregatorProcess.Start(folder.Path, WithSettings(args));

    private string[] WithSettings(string[] args) =>
    [
        .. args,
        $"--Aggregator:Database={Database}",
        $"--Aggregator:SourcesFile={SourcesFile}",
        "--Aggregator:AllowPrivateNetworks=true",
        "--Aggregator:HostSpacingMilliseconds=0",
    ];

    /// <summary>A read-only look at the database, as an operator's sqlite3 would have.</summary>
    public SqliteConnection OpenDatabase() => new($"Data Source={Database};Mode=ReadOnly;Pooling=false");

    public static IReadOnlyList<string> Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts the run failed with exactly one line on stderr, and returns that line.</summary>
    public static string OneLineError(AggregatorProcess.Outcome run, int exitCode = 1)
    {
        Assert.Equal(exitCode, run.ExitCode);
        return Assert.Single(Lines(run.Stderr));
    }
}
