namespace Aggregator.Store;

/// <summary>
/// How much of a large match set one request may read, so every search, page and facet request stays
/// bounded at a million items. Below each bound results are exact; above it they say they are not.
/// </summary>
/// <param name="FacetSample">Facets count at most this many matches, the most recently stored.</param>
/// <param name="RelevanceCandidates">Relevance ranks the most recently stored matches in blocks of this many.</param>
/// <param name="DirectSearch">A search with fewer matches than this reads them all at once instead of by time windows.</param>
internal sealed record QueryLimits(int FacetSample = 2_000, int RelevanceCandidates = 2_000, int DirectSearch = 1_000)
{
    public static QueryLimits Default { get; } = new();
}
