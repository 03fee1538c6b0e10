using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Sources;
using Aggregator.Store;

namespace Aggregator.Schedule;

/// <summary>What keep/block rules read of an item: the feed's entry before the page fetch, the cleaned item after.</summary>
internal sealed record FilterSubject(string? Title, string? Text, string? Author, string? Url);

/// <summary>Which rule (by its index in the source's list) blocked or kept an item; null when none did.</summary>
internal readonly record struct FilterMatch(int? BlockedBy, int? KeptBy);

/// <summary>
/// A source's keep/block rules, each compiled once to a <see cref="Regex"/> with a timeout: word
/// lists become one case-insensitive whole-word alternation. A rule that times out on a field
/// counts as not matching it, so a pathological pattern slows one item, never the service.
/// </summary>
internal sealed class SourceFilter
{
    public static readonly SourceFilter None = new([]);

    private readonly (FilterRule Rule, Regex Regex)[] _rules;

    public SourceFilter(IReadOnlyList<FilterRule> rules)
    {
        _rules = [.. rules.Select(r => (r, Compile(r)))];
        HasKeepRules = rules.Any(r => r.Action == FilterAction.Keep);
        ReadsText = rules.Any(r => r.Field is FilterField.Text or FilterField.Any);
    }

    public bool IsEmpty => _rules.Length == 0;

    public bool HasKeepRules { get; }

    /// <summary>Whether any rule reads the text, which is worth computing only then.</summary>
    public bool ReadsText { get; }

    public FilterMatch Match(FilterSubject subject)
    {
        int? blocked = null, kept = null;
        for (var i = 0; i < _rules.Length && blocked is null; i++)
        {
            var (rule, regex) = _rules[i];
            if (rule.Action == FilterAction.Block && Matches(regex, rule.Field, subject))
            {
                blocked = i;
            }
            else if (rule.Action == FilterAction.Keep && kept is null && Matches(regex, rule.Field, subject))
            {
                kept = i;
            }
        }

        return new FilterMatch(blocked, kept);
    }

    private static bool Matches(Regex regex, FilterField field, FilterSubject subject) => field switch
    {
        FilterField.Title => IsMatch(regex, subject.Title),
        FilterField.Text => IsMatch(regex, subject.Text),
        FilterField.Author => IsMatch(regex, subject.Author),
        FilterField.Url => IsMatch(regex, subject.Url),
        _ => IsMatch(regex, subject.Title) || IsMatch(regex, subject.Text) || IsMatch(regex, subject.Author) || IsMatch(regex, subject.Url),
    };

    private static bool IsMatch(Regex regex, string? text)
    {
        try
        {
            return text is not null && regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Compile(FilterRule rule)
    {
        if (rule.Regex is { } pattern)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, SourceSettingsParser.RegexTimeout);
        }

        // A word matches where no letter or digit touches it; a phrase's spaces match any run of white space.
        var words = rule.Words!.Select(w => string.Join(@"\s+", w.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        return new Regex($@"(?<!\w)(?:{string.Join('|', words)})(?!\w)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, SourceSettingsParser.RegexTimeout);
    }
}

/// <summary>Each source's compiled filter, compiled again only when its rules change.</summary>
internal sealed class SourceFilters
{
    private readonly ConcurrentDictionary<long, (string Rules, SourceFilter Filter)> _compiled = new();

    public SourceFilter For(Source source)
    {
        if (source.Settings.Filters.Count == 0)
        {
            _compiled.TryRemove(source.Id, out _);
            return SourceFilter.None;
        }

        var rules = JsonSerializer.Serialize(source.Settings.Filters, StoreJson.Options);
        if (_compiled.TryGetValue(source.Id, out var known) && known.Rules == rules)
        {
            return known.Filter;
        }

        var filter = new SourceFilter(source.Settings.Filters);
        _compiled[source.Id] = (rules, filter);
        return filter;
    }
}
