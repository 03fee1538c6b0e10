namespace Aggregator.Store;

/// <summary>
/// Language tags as stored and filtered: lower case, hyphens (feeds write <c>en_US</c>, <c>EN-us</c>),
/// so one language is one facet value.
/// </summary>
internal static class LanguageTag
{
    /// <summary>The tag in its stored form, or null when the text is not a plausible BCP 47 tag.</summary>
    public static string? Normalize(string? text)
    {
        var tag = text?.Trim().Replace('_', '-').ToLowerInvariant();
        if (string.IsNullOrEmpty(tag) || tag.Length > 35)
        {
            return null;
        }

        var parts = tag.Split('-');
        var valid = parts[0].Length is >= 2 and <= 8 && parts[0].All(char.IsAsciiLetterLower)
            && parts.All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
        return valid ? tag : null;
    }
}
