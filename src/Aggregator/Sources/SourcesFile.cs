using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>
/// Reads the operators' source list (<c>config/sources.json</c>). Anything wrong stops the start
/// with a message naming the file, the line and the field.
/// </summary>
internal static class SourcesFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static IReadOnlyList<SourceDefinition> Load(string path, int defaultIntervalMinutes)
    {
        if (!File.Exists(path))
        {
            throw new SourceConfigException($"{path}: file not found (set Aggregator:SourcesFile)");
        }

        var text = File.ReadAllText(path);
        FileModel? model;
        try
        {
            model = JsonSerializer.Deserialize<FileModel>(text, Json);
        }
        catch (JsonException e)
        {
            throw new SourceConfigException($"{path}, line {(e.LineNumber ?? 0) + 1}: {FirstSentence(e.Message)} (at {e.Path})");
        }

        var entries = model?.Sources ?? [];
        var lines = text.Split('\n');
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<SourceDefinition>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var where = $"{path}, line {LineOf(lines, entry.Url)}: sources[{i}]";
            var url = SourceUrl.Normalize(entry.Url, out var error)
                ?? throw new SourceConfigException($"{where}.url: {error}");
            if (entry.IntervalMinutes is < 1 or > 10080)
            {
                throw new SourceConfigException($"{where}.intervalMinutes: {entry.IntervalMinutes} is outside 1–10080");
            }

            if (!seen.TryAdd(url.AbsoluteUri, i))
            {
                throw new SourceConfigException($"{where}.url: {url} is already listed as sources[{seen[url.AbsoluteUri]}]");
            }

            if (!FullPageModes.TryParse(entry.FullPage, out var fullPage))
            {
                throw new SourceConfigException($"{where}.fullPage: '{entry.FullPage}' is not {FullPageModes.Allowed}");
            }

            var retention = new RetentionLimits(entry.RetentionMaxAgeDays, entry.RetentionMaxItems);
            if (retention.Check() is { } retentionError)
            {
                throw new SourceConfigException($"{where}.{retentionError}");
            }

            result.Add(new SourceDefinition(url.AbsoluteUri, entry.Title, entry.IntervalMinutes ?? defaultIntervalMinutes, entry.Enabled, fullPage) { Retention = retention });
        }

        return result;
    }

    private static int LineOf(string[] lines, string? url)
    {
        var needle = url is null ? null : JsonSerializer.Serialize(url);
        var index = needle is null ? -1 : Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal));
        return index + 1;
    }

    private static string FirstSentence(string message) =>
        message.Split(". Path:", 2)[0].Split(" Path:", 2)[0];

    private sealed record FileModel(List<EntryModel>? Sources);

    private sealed record EntryModel(string? Url, string? Title, int? IntervalMinutes, bool Enabled = true, string? FullPage = null)
    {
        public int? RetentionMaxAgeDays { get; init; }

        public int? RetentionMaxItems { get; init; }
    }
}

/// <summary>The source list cannot be used; the message says where and why.</summary>
internal sealed class SourceConfigException(string message) : Exception(message);
