using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Sources;
using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Schedule;

/// <summary>What keep/block rules read of an item: the feed's entry before the page fetch, the cleaned item after.</summary>
internal sealed record FilterSubject(string? Title, string? Text, string? Author, string? Url);

/// <summary>Which rule (<c>filters[2]</c>, <c>Aggregator:Filters[0]</c>) blocked or kept an item; null when none did.</summary>
internal readonly record struct FilterMatch(string? BlockedBy, string? KeptBy);

/// <summary>
/// A source's keep/block rules, each compiled once to a <see cref="Regex"/> with a timeout: word
/// lists become one case-insensitive whole-word alternation. A rule that times out on a field
/// counts as not matching it, so a pathological pattern slows one item, never the service.
/// </summary>
internal sealed class SourceFilter
{
    public static readonly SourceFilter None = new([]);

    private readonly (string Name, FilterRule Rule, Regex Regex)[] _rules;

    /// <param name="rules">Each rule with the name errors and logs give it.</param>
    public SourceFilter(IReadOnlyList<(string Name, FilterRule Rule)> rules)
    {
        _rules = [.. rules.Select(r => (r.Name, r.Rule, Compile(r.Rule)))];
        HasKeepRules = rules.Any(r => r.Rule.Action == FilterAction.Keep);
        ReadsText = rules.Any(r => r.Rule.Field is FilterField.Text or FilterField.Any);
    }

    public bool IsEmpty => _rules.Length == 0;

    public bool HasKeepRules { get; }

    /// <summary>Whether any rule reads the text, which is worth computing only then.</summary>
    public bool ReadsText { get; }

    public FilterMatch Match(FilterSubject subject)
    {
        string? blocked = null, kept = null;
        for (var i = 0; i < _rules.Length && blocked is null; i++)
        {
            var (name, rule, regex) = _rules[i];
            if (rule.Action == FilterAction.Block && Matches(regex, rule.Field, subject))
            {
                blocked = name;
            }
            else if (rule.Action == FilterAction.Keep && kept is null && Matches(regex, rule.Field, subject))
            {
                kept = name;
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
            // Linear time whatever the pattern, where .NET's non-backtracking engine supports it (no
            // lookarounds or backreferences): an operator's innocent (\w+\s?)+$ would otherwise burn its
            // full timeout on every field of every entry. Other patterns keep the timeout.
            try
            {
                return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, SourceSettingsParser.RegexTimeout);
            }
            catch (NotSupportedException)
            {
                return new Regex(pattern, RegexOptions.CultureInvariant, SourceSettingsParser.RegexTimeout);
            }
        }

        // A word matches where no letter or digit touches it; a phrase's spaces match any run of white space.
        var words = rule.Words!.Select(w => string.Join(@"\s+", w.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        return new Regex($@"(?<!\w)(?:{string.Join('|', words)})(?!\w)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, SourceSettingsParser.RegexTimeout);
    }
}

/// <summary>
/// Each source's compiled filter: the global rules (<c>Aggregator:Filters</c>, checked at start) and
/// the source's own, compiled again only when the source's rules change.
/// </summary>
internal sealed class SourceFilters(IOptions<AggregatorOptions> options)
{
    private readonly ConcurrentDictionary<long, (string Rules, SourceFilter Filter)> _compiled = new();

    private readonly Lazy<(string Name, FilterRule Rule)[]> _global = new(() =>
        [.. GlobalFilters.Parse(options.Value, out _).Select((r, i) => ($"{GlobalFilters.Setting}[{i}]", r))]);

    public SourceFilter For(Source source)
    {
        if (source.Settings.Filters.Count == 0 && _global.Value.Length == 0)
        {
            _compiled.TryRemove(source.Id, out _);
            return SourceFilter.None;
        }

        var rules = JsonSerializer.Serialize(source.Settings.Filters, StoreJson.Options);
        if (_compiled.TryGetValue(source.Id, out var known) && known.Rules == rules)
        {
            return known.Filter;
        }

        var filter = new SourceFilter([.. _global.Value, .. source.Settings.Filters.Select((r, i) => ($"filters[{i}]", r))]);
        _compiled[source.Id] = (rules, filter);
        return filter;
    }
}
