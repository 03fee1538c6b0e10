namespace Aggregator.Clean;

/// <summary>The main article of a page or feed entry, cleaned and sanitized.</summary>
/// <param name="Text">Plain text, paragraphs separated by one blank line.</param>
/// <param name="Html">Cleaned HTML, sanitized with our allowlist: safe to republish.</param>
internal sealed record ExtractedArticle(
    string? Title,
    string? Author,
    DateTimeOffset? Published,
    string Text,
    string Html);
