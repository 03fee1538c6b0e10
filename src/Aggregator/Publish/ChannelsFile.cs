using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Aggregator.Query;
using Aggregator.Sources;

namespace Aggregator.Publish;

/// <summary>
/// Reads the operators' channels (<c>config/channels.json</c>), the way <see cref="SourcesFile"/>
/// reads sources: anything wrong stops the start with a message naming the file, line and field.
/// </summary>
internal static partial class ChannelsFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The channels, <c>all</c> first; a missing file gives <c>all</c> alone.</summary>
    public static IReadOnlyList<Channel> Load(string path, int defaultSize)
    {
        var channels = new List<Channel> { Channel.Everything(defaultSize) };
        if (!File.Exists(path))
        {
            return channels;
        }

        var text = File.ReadAllText(path);
        FileModel? model;
        try
        {
            model = JsonSerializer.Deserialize<FileModel>(text, Json);
        }
        catch (JsonException e)
        {
            throw new ChannelConfigException($"{path}, line {(e.LineNumber ?? 0) + 1}: {e.Message.Split(" Path:", 2)[0].TrimEnd('.')} (at {e.Path})");
        }

        var lines = text.Split('\n');
        var entries = model?.Channels ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"{path}, line {LineOf(lines, entries[i].Name)}: channels[{i}]";
            var channel = Validate(entries[i], where, defaultSize);
            if (channels.Any(c => c.Name == channel.Name))
            {
                throw new ChannelConfigException($"{where}.name: '{channel.Name}' is already a channel");
            }

            channels.Add(channel);
        }

        return channels;
    }

    private static Channel Validate(EntryModel entry, string where, int defaultSize)
    {
        if (entry.Name is not { } name || !NamePattern().IsMatch(name) || name is Channel.All or "sources")
        {
            throw new ChannelConfigException($"{where}.name: '{entry.Name}' is not a channel name (lowercase letters, digits and dashes; not 'all' or 'sources')");
        }

        var urls = new List<string>();
        foreach (var (url, j) in (entry.Sources ?? []).Select((u, j) => (u, j)))
        {
            urls.Add(SourceUrl.Normalize(url, out var error)?.AbsoluteUri ?? throw new ChannelConfigException($"{where}.sources[{j}]: {error}"));
        }

        string? match = null;
        if (entry.Query is { Length: > 0 } query && (match = FtsQuery.Translate(query, out var queryError)) is null)
        {
            throw new ChannelConfigException($"{where}.query: {queryError}");
        }

        if (entry.Size is < 1 or > ItemQuery.MaxLimit)
        {
            throw new ChannelConfigException($"{where}.size: {entry.Size} is outside 1–{ItemQuery.MaxLimit}");
        }

        return new Channel(
            name, entry.Title ?? name, entry.Description ?? $"Aggregator channel {name}", urls, Words(entry.Categories, where, "categories"),
            entry.Query, match, Words(entry.Keep, where, "keep"), Words(entry.Block, where, "block"), entry.Size ?? defaultSize);
    }

    private static List<string> Words(List<string>? words, string where, string field)
    {
        var list = words ?? [];
        var blank = list.FindIndex(string.IsNullOrWhiteSpace);
        if (blank >= 0)
        {
            throw new ChannelConfigException($"{where}.{field}[{blank}]: empty");
        }

        // Words are looked up in the search index, which only knows letters and digits.
        var wordless = list.FindIndex(w => !w.EnumerateRunes().Any(System.Text.Rune.IsLetterOrDigit));
        return wordless < 0 ? [.. list.Select(w => w.Trim())] : throw new ChannelConfigException($"{where}.{field}[{wordless}]: '{list[wordless]}' has no letter or digit");
    }

    private static int LineOf(string[] lines, string? name)
    {
        var needle = name is null ? null : JsonSerializer.Serialize(name);
        return (needle is null ? -1 : Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal))) + 1;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();

    private sealed record FileModel(List<EntryModel>? Channels);

    private sealed record EntryModel(
        string? Name, string? Title, string? Description, List<string>? Sources, List<string>? Categories,
        string? Query, List<string>? Keep, List<string>? Block, int? Size);
}

/// <summary>The channels file cannot be used; the message says where and why.</summary>
internal sealed class ChannelConfigException(string message) : Exception(message);
