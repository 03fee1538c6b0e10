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

    // Writes a value as the file most likely spells it: '+', '&' or '<' in a regex or URL are not escaped.
    private static readonly JsonSerializerOptions Literal = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

            var settings = SourceSettingsParser.Parse(
                new SourceSettingsInput(entry.Category, entry.Tags, entry.MinIntervalMinutes, entry.MaxIntervalMinutes, entry.Filters), out var settingsError);
            if (settings is null)
            {
                // The line of the value at fault (a regex, a tag) when it can be found after the source's own line.
                var line = LineOf(lines, settingsError!.Value, from: LineOf(lines, entry.Url) - 1);
                var at = line > 0 ? $"{path}, line {line}: sources[{i}]" : where;
                throw new SourceConfigException($"{at}.{settingsError}");
            }

            var retention = new RetentionLimits(entry.RetentionMaxAgeDays, entry.RetentionMaxItems);
            if (retention.Check() is { } retentionError)
            {
                throw new SourceConfigException($"{where}.{retentionError}");
            }

            result.Add(new SourceDefinition(url.AbsoluteUri, entry.Title, entry.IntervalMinutes ?? defaultIntervalMinutes, entry.Enabled, fullPage)
            {
                Settings = settings,
                Retention = retention,
            });
        }

        return result;
    }

    /// <summary>The 1-based line where <paramref name="value"/> is written as a JSON string, at or after line <paramref name="from"/> + 1; 0 if not found.</summary>
    private static int LineOf(string[] lines, string? value, int from = 0)
    {
        var needle = value is null ? null : JsonSerializer.Serialize(value, Literal);
        var index = needle is null ? -1 : Array.FindIndex(lines, Math.Max(from, 0), l => l.Contains(needle, StringComparison.Ordinal));
        return index + 1;
    }

    private static string FirstSentence(string message) =>
        message.Split(". Path:", 2)[0].Split(" Path:", 2)[0];

    private sealed record FileModel(List<EntryModel>? Sources);

    private sealed record EntryModel(
        string? Url,
        string? Title,
        int? IntervalMinutes,
        bool Enabled = true,
        string? FullPage = null,
        string? Category = null,
        List<string>? Tags = null,
        int? MinIntervalMinutes = null,
        int? MaxIntervalMinutes = null,
        List<FilterRuleInput>? Filters = null)
    {
        public int? RetentionMaxAgeDays { get; init; }

        public int? RetentionMaxItems { get; init; }
    }
}

/// <summary>The source list cannot be used; the message says where and why.</summary>
internal sealed class SourceConfigException(string message) : Exception(message);
