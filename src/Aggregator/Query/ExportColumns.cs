using System.Text.Json;
using Aggregator.Store;

namespace Aggregator.Query;

/// <summary>The columns an export can hold, in their default order, each with how it reads an <see cref="ExportRow"/>.</summary>
internal static class ExportColumns
{
    /// <summary>
    /// Categories are a JSON array (in CSV as the field's text). The text is the stored UTF-8
    /// (<see cref="ReadOnlyMemory{T}"/> of bytes), which the writers copy as it is.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<ExportRow, object?>> All = new Dictionary<string, Func<ExportRow, object?>>
    {
        ["id"] = r => r.Id,
        ["sourceId"] = r => r.SourceId,
        ["source"] = r => r.SourceTitle,
        ["guid"] = r => r.Guid,
        ["title"] = r => r.Title,
        ["url"] = r => r.Url,
        ["author"] = r => r.Author,
        ["language"] = r => r.Language,
        ["published"] = r => Instant(r.PublishedAt),
        ["updated"] = r => Instant(r.UpdatedAt),
        ["fetched"] = r => Instant(r.FetchedAt),
        ["categories"] = r => JsonSerializer.Deserialize<string[]>(r.Categories) ?? [],
        ["text"] = r => r.ContentText is { } text ? new ReadOnlyMemory<byte>(text) : null,
    };

    public static string Names => string.Join(", ", All.Keys);

    /// <summary>The chosen columns (all when none are named), or null and the unknown name.</summary>
    public static List<string>? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return [.. All.Keys];
        }

        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (names.FirstOrDefault(n => !All.ContainsKey(n)) is { } unknown)
        {
            error = $"columns: '{ItemQuery.Clip(unknown)}' is not a column; choose from {Names}.";
            return null;
        }

        return names;
    }

    private static string? Instant(long? ms) =>
        ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'") : null;
}
