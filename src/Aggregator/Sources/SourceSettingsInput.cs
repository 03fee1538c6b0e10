using System.Text.Json.Serialization;

namespace Aggregator.Sources;

/// <summary>A keep/block rule as operators write it, in the sources file or the API: <c>words</c> or <c>regex</c>.</summary>
/// <param name="Action"><c>keep</c> or <c>block</c>.</param>
/// <param name="Field"><c>title</c>, <c>text</c>, <c>author</c>, <c>url</c> or <c>any</c> (default).</param>
/// <param name="Words">Whole words or phrases, case-insensitive; the rule matches when any of them occurs.</param>
/// <param name="Regex">A .NET regular expression, case-sensitive unless it starts with <c>(?i)</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record FilterRuleInput(string? Action, string? Field = null, List<string>? Words = null, string? Regex = null);

/// <summary>Per-source settings as operators write them, before <see cref="SourceSettingsParser"/> checks them.</summary>
internal sealed record SourceSettingsInput(
    string? Category, IReadOnlyList<string>? Tags, int? MinIntervalMinutes, int? MaxIntervalMinutes, IReadOnlyList<FilterRuleInput>? Filters);

/// <summary>A setting that cannot be used: the field (<c>filters[1].regex</c>), why, and the value at fault.</summary>
internal sealed record SettingsError(string Field, string Message, string? Value = null)
{
    public override string ToString() => $"{Field}: {Message}";
}
