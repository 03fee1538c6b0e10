using Aggregator.Store;

namespace Aggregator.Query;

/// <summary>The analysts' filters beyond search and time: category, author, language, enclosure, date field, source category and tag.</summary>
internal static class ItemFilters
{
    private const int MaxValues = 50;

    public static ItemFilter Apply(IQueryCollection query, ItemFilter filter, ref string? error)
    {
        var categories = Values(query, "category", splitCommas: false, ref error);
        var authors = Values(query, "author", splitCommas: false, ref error);
        var languages = Values(query, "language", splitCommas: true, ref error);
        foreach (var language in languages.Where(l => LanguageTag.Normalize(l) is null))
        {
            error ??= $"language: '{ItemQuery.Clip(language)}' is not a language tag such as en or pt-BR.";
        }

        var sourceCategories = Values(query, "sourceCategory", splitCommas: false, ref error);
        foreach (var category in sourceCategories)
        {
            if (Sources.SourceSettingsParser.NormalizeCategory(category, out var categoryError) is null)
            {
                error ??= $"sourceCategory: '{ItemQuery.Clip(category)}' {categoryError ?? "is empty"}.";
            }
        }

        return filter with
        {
            SourceCategories = [.. sourceCategories.Select(c => Sources.SourceSettingsParser.NormalizeCategory(c, out _) ?? c)],
            SourceTags = Values(query, "sourceTag", splitCommas: false, ref error),
            Categories = categories,
            Authors = authors,
            Languages = [.. languages.Select(l => LanguageTag.Normalize(l) ?? l)],
            HasEnclosure = Boolean(query, "hasEnclosure", ref error),
            OnFetched = DateField(query, ref error),
            Starred = Boolean(query, "starred", ref error),
        };
    }

    private static List<string> Values(IQueryCollection query, string name, bool splitCommas, ref string? error)
    {
        var options = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        var values = query[name]
            .SelectMany(v => splitCommas ? (v ?? "").Split(',', options) : [(v ?? "").Trim()])
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (values.Count > MaxValues)
        {
            error ??= $"{name}: at most {MaxValues} values, not {values.Count}.";
        }
        else if (values.FirstOrDefault(v => v.Length > 500) is { } tooLong)
        {
            error ??= $"{name}: '{ItemQuery.Clip(tooLong)}' is longer than 500 characters.";
        }

        return values;
    }

    private static bool? Boolean(IQueryCollection query, string name, ref string? error)
    {
        switch (ItemQuery.Single(query, name, ref error))
        {
            case null or "":
                return null;
            case "true" or "1":
                return true;
            case "false" or "0":
                return false;
            case var other:
                error ??= $"{name}: '{ItemQuery.Clip(other)}' is not true or false.";
                return null;
        }
    }

    private static bool DateField(IQueryCollection query, ref string? error)
    {
        switch (ItemQuery.Single(query, "dateField", ref error))
        {
            case null or "" or "published":
                return false;
            case "fetched":
                return true;
            case var other:
                error ??= $"dateField: '{ItemQuery.Clip(other)}' is not published or fetched.";
                return false;
        }
    }
}
