namespace Aggregator.Store;

/// <summary>
/// A search expression with its prefixes and the terms each stands for (<see cref="ItemTerms.ExpandAsync"/>).
/// <see cref="Match"/> is the expression with every prefix written out as the OR of its terms.
/// </summary>
internal sealed record PrefixExpansion(string Original, IReadOnlyDictionary<string, IReadOnlyList<string>> Terms)
{
    public string Match { get; } = PrefixRewrite.Rewrite(Original, Terms);

    /// <summary>For each phrase of <see cref="Match"/>, the prefix it is a term of (null for a phrase of the original); null when nothing was expanded.</summary>
    public IReadOnlyList<string?>? PhrasePrefixes { get; } = PrefixRewrite.PhrasePrefixes(Original, Terms);

    /// <summary>Every phrase of <see cref="Match"/> is a term of an expanded prefix (<c>elect*</c>, <c>title:elect* OR vot*</c>).</summary>
    public bool OnlyPrefixes => PhrasePrefixes is { Count: > 0 } phrases && phrases.All(p => p is not null);

    /// <summary>
    /// The expression as it applies to the given texts only (a page's titles and texts, for its snippets):
    /// each prefix keeps the terms the texts hold, or just one when they hold none, so the expression keeps
    /// its shape and is true of each text exactly when the whole expansion is. A prefix of 157 terms costs
    /// FTS5 ~10 ms to start at a million items; the few a page holds, next to nothing. Texts that
    /// <see cref="PlainTerms"/> cannot split get the whole expansion.
    /// </summary>
    public string For(IEnumerable<string?> texts)
    {
        if (Terms.Count == 0)
        {
            return Original;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        if (!texts.All(text => PlainTerms.TryAdd(text, present)))
        {
            return Match;
        }

        return PrefixRewrite.Rewrite(Original, Terms.ToDictionary(
            p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Where(present.Contains).DefaultIfEmpty(p.Value[0])], StringComparer.Ordinal));
    }
}
