using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aggregator.Sources;
using Aggregator.Store;

namespace Aggregator.Cli;

/// <summary>
/// <c>sources list [--health healthy|failing|dead] [--json]</c>: every source with its health, as a
/// table to read or as JSON Lines in the shape of <c>GET /api/sources</c>.
/// </summary>
internal static class SourcesListCommand
{
    private static readonly JsonSerializerOptions Lines = ContractJson.Create(indented: false);

    public static Command Create(IServiceProvider services)
    {
        var health = new Option<string?>("--health") { Description = "Only sources of this grade" };
        health.AcceptOnlyFromAmong(SourceHealth.Healthy, SourceHealth.Failing, SourceHealth.Dead);
        var json = new Option<bool>("--json") { Description = "One JSON object a line, as GET /api/sources gives each source" };
        var command = new Command("list", "List the sources with their health") { health, json };
        command.SetAction(async (result, ct) =>
        {
            await CliSources.MigrateAsync(services, ct);
            var grade = result.GetValue(health);
            var sources = (await services.GetRequiredService<SourceStore>().ListAsync(ct))
                .Where(s => grade is null || s.Health == grade)
                .ToList();
            if (result.GetValue(json))
            {
                foreach (var source in sources)
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(SourceResponse.From(source), Lines));
                }
            }
            else
            {
                await WriteTableAsync(sources);
            }

            return 0;
        });
        return command;
    }

    private static async Task WriteTableAsync(IReadOnlyList<Source> sources)
    {
        string[] header = ["ID", "ENABLED", "HEALTH", "TITLE", "URL", "ITEMS", "LAST SUCCESS", "LAST ERROR"];
        var rows = sources.Select(s => new[]
        {
            s.Id.ToString(CultureInfo.InvariantCulture),
            s.Enabled ? "yes" : "no",
            s.Health,
            CliSources.Cell(s.Title, 30),
            CliSources.Cell(s.Url, 60),
            s.ItemCount.ToString(CultureInfo.InvariantCulture),
            s.LastSuccessAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "never",
            s.LastStatus == "error" ? CliSources.Cell(s.LastError, 50) : "-",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(header))
        {
            await Console.Out.WriteLineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
