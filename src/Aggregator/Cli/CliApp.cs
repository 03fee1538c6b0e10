using System.CommandLine;
using Aggregator.Schedule;
using Aggregator.Sources;

namespace Aggregator.Cli;

/// <summary>
/// The command-line face of the service: <c>parse</c>, <c>extract</c>, <c>reprocess</c> and the
/// operators' commands (<c>sources</c>, <c>purge</c>, OPML, <c>discover</c>) run the same stages and
/// stores the service does, without the web host or the scheduler. Settings are passed the ASP.NET way
/// (<c>--Aggregator:AllowPrivateNetworks=true</c>) anywhere on the line.
/// </summary>
internal static class CliApp
{
    private static readonly string[] Commands =
        ["parse", "extract", "check-feed", "reprocess", "backup", "sources", "purge", "import-opml", "export-opml", "discover"];

    /// <summary>A command, or a request for help, which lists the commands instead of starting the service.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && (Commands.Contains(args[0]) || args[0] is "--help" or "-h" or "-?");

    public static async Task<int> RunAsync(string[] args)
    {
        var (settings, rest) = SplitSettings(args);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddPipeline();
        // What the operators' commands share with the service; no scheduler here: the running service's follows the database.
        builder.Services.AddSingleton<SourceRefresher>();
        builder.Services.AddSingleton<SourceSubscriber>();
        builder.Services.AddSingleton<OpmlImport>();
        using var host = builder.Build();

        var root = new RootCommand("Aggregator: feed aggregation service. Run without a command to serve.")
        {
            ParseCommand.Create(host.Services),
            ExtractCommand.Create(host.Services),
            CheckFeedCommand.Create(host.Services),
            BackupCommand.Create(host.Services),
            ReprocessCommand.Create(host.Services),
            SourcesCommand.Create(host.Services),
            PurgeCommand.Create(host.Services),
            OpmlCommands.CreateImport(host.Services),
            OpmlCommands.CreateExport(host.Services),
            DiscoverCommand.Create(host.Services),
        };
        var parsed = root.Parse(rest);
        if (parsed.Errors.Count > 0)
        {
            // One line, whatever the parser's message looks like ("…Must be one of:\n'a'\n'b'").
            await Console.Error.WriteLineAsync($"aggregator: {parsed.Errors[0].Message.ReplaceLineEndings(" ")} (see --help)");
            return 2;
        }

        try
        {
            return await parsed.InvokeAsync();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"aggregator: invalid setting: {e.Message}");
            return 2;
        }
    }

    /// <summary>Separates <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) settings from the command line.</summary>
    private static (string[] Settings, string[] CommandLine) SplitSettings(string[] args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (arg.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal))
            {
                settings.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
            }
            else
            {
                rest.Add(arg);
            }
        }

        return ([.. settings], [.. rest]);
    }
}
