using System.Text.RegularExpressions;
using Aggregator.Store;

namespace Aggregator.Sources;

/// <summary>
/// Checks and normalises per-source settings, for the sources file, the API and OPML alike:
/// categories are <c>/</c>-separated paths, tags short labels, bounds within 1–10080 and ordered,
/// every regular expression compiles.
/// </summary>
internal static class SourceSettingsParser
{
    public const int MaxTags = 50;
    public const int MaxRules = 100;
    public const int MaxWords = 200;
    public const int MaxLength = 200;

    /// <summary>How long one rule may spend on one field before it counts as not matching.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static SourceSettings? Parse(SourceSettingsInput input, out SettingsError? error)
    {
        error = null;
        var category = NormalizeCategory(input.Category, out var categoryError);
        error = categoryError is null ? null : new SettingsError("category", categoryError, input.Category);
        var tags = error is null ? Tags(input.Tags ?? [], ref error) : [];
        if (error is null)
        {
            error = Bound("minIntervalMinutes", input.MinIntervalMinutes) ?? Bound("maxIntervalMinutes", input.MaxIntervalMinutes);
        }

        if (error is null && input.MinIntervalMinutes > input.MaxIntervalMinutes)
        {
            error = new SettingsError("minIntervalMinutes", $"{input.MinIntervalMinutes} is greater than maxIntervalMinutes {input.MaxIntervalMinutes}");
        }

        var rules = error is null ? Rules(input.Filters ?? [], "filters", ref error) : [];
        return error is null
            ? new SourceSettings
            {
                Category = category, Tags = tags, MinIntervalMinutes = input.MinIntervalMinutes,
                MaxIntervalMinutes = input.MaxIntervalMinutes, Filters = rules,
            }
            : null;
    }

    /// <summary><c> News / World/ </c> becomes <c>News/World</c>; blank is null; an empty segment or a control character is an error.</summary>
    public static string? NormalizeCategory(string? text, out string? error)
    {
        error = null;
        var trimmed = text?.Trim().Trim('/');
        if (string.IsNullOrWhiteSpace(trimmed))
        {
            return null;
        }

        var segments = trimmed.Split('/').Select(s => s.Trim()).ToArray();
        var normalized = string.Join('/', segments);
        error = segments.Any(s => s.Length == 0) ? $"'{text}' has an empty segment (write News/World)"
            : normalized.Any(char.IsControl) ? "contains a control character"
            : normalized.Length > MaxLength ? $"longer than {MaxLength} characters"
            : null;
        return error is null ? normalized : null;
    }

    /// <summary>Checks keep/block rules; <paramref name="prefix"/> names their list in errors.</summary>
    public static IReadOnlyList<FilterRule> Rules(IReadOnlyList<FilterRuleInput> inputs, string prefix, ref SettingsError? error)
    {
        if (inputs.Count > MaxRules)
        {
            error ??= new SettingsError(prefix, $"at most {MaxRules} rules, not {inputs.Count}");
            return [];
        }

        var rules = new List<FilterRule>();
        for (var i = 0; i < inputs.Count && error is null; i++)
        {
            if (Rule(inputs[i], $"{prefix}[{i}]", out var rule) is { } ruleError)
            {
                error = ruleError;
            }
            else
            {
                rules.Add(rule!);
            }
        }

        return rules;
    }

    private static List<string> Tags(IReadOnlyList<string> inputs, ref SettingsError? error)
    {
        var tags = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var tag = inputs[i]?.Trim() ?? "";
            var problem = tag.Length == 0 ? "is empty"
                : tag.Length > MaxLength ? $"is longer than {MaxLength} characters"
                : tag.Any(char.IsControl) || tag.Contains(',', StringComparison.Ordinal) ? "contains a comma or a control character"
                : null;
            if (problem is not null)
            {
                error = new SettingsError($"tags[{i}]", $"'{inputs[i]}' {problem}", inputs[i]);
                return [];
            }

            if (!tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(tag);
            }
        }

        if (tags.Count > MaxTags)
        {
            error = new SettingsError("tags", $"at most {MaxTags} tags, not {tags.Count}");
        }

        return tags;
    }

    private static SettingsError? Bound(string field, int? minutes) =>
        minutes is < 1 or > 10080 ? new SettingsError(field, $"{minutes} is outside 1–10080") : null;

    private static SettingsError? Rule(FilterRuleInput input, string where, out FilterRule? rule)
    {
        rule = null;
        if (input is null)
        {
            return new SettingsError(where, "must be an object like {\"action\": \"block\", \"field\": \"title\", \"words\": [\"sponsored\"]}");
        }

        FilterAction? action = input.Action switch { "keep" => FilterAction.Keep, "block" => FilterAction.Block, _ => null };
        FilterField? field = input.Field switch
        {
            null or "any" => FilterField.Any, "title" => FilterField.Title, "text" => FilterField.Text,
            "author" => FilterField.Author, "url" => FilterField.Url, _ => null,
        };
        if (action is null)
        {
            return new SettingsError($"{where}.action", $"'{input.Action}' is not keep or block", input.Action);
        }

        if (field is null)
        {
            return new SettingsError($"{where}.field", $"'{input.Field}' is not title, text, author, url or any", input.Field);
        }

        if ((input.Words is null) == (input.Regex is null))
        {
            return new SettingsError(where, "needs exactly one of words (a list) or regex (a string)");
        }

        var error = input.Regex is { } regex ? CheckRegex(regex, $"{where}.regex") : CheckWords(input.Words!, $"{where}.words");
        var words = input.Words?.Select(w => w.Trim()).ToArray();
        rule = error is null ? new FilterRule(action.Value, field.Value, words, input.Regex) : null;
        return error;
    }

    private static SettingsError? CheckWords(List<string> words, string where)
    {
        if (words.Count is 0 or > MaxWords)
        {
            return new SettingsError(where, $"needs 1 to {MaxWords} words, not {words.Count}");
        }

        var bad = words.FindIndex(w => string.IsNullOrWhiteSpace(w) || w.Length > MaxLength);
        return bad < 0 ? null : new SettingsError($"{where}[{bad}]", $"'{words[bad]}' is empty or longer than {MaxLength} characters", words[bad]);
    }

    private static SettingsError? CheckRegex(string pattern, string where)
    {
        if (pattern.Length is 0 or > 1000)
        {
            return new SettingsError(where, "must be 1 to 1000 characters", pattern);
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return new SettingsError(where, $"'{pattern}' is not a valid regular expression: {e.Message}", pattern);
        }
    }
}
