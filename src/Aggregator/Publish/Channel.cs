namespace Aggregator.Publish;

/// <summary>
/// A named merged feed. Empty <see cref="SourceUrls"/> or <see cref="Categories"/> means no
/// restriction; given both, an item must match both. <see cref="Match"/> is the FTS5 form of
/// <see cref="Query"/>. <see cref="Keep"/> and <see cref="Block"/> are whole words, any case.
/// </summary>
internal sealed record Channel(
    string Name,
    string Title,
    string Description,
    IReadOnlyList<string> SourceUrls,
    IReadOnlyList<string> Categories,
    string? Query,
    string? Match,
    IReadOnlyList<string> Keep,
    IReadOnlyList<string> Block,
    int Size)
{
    public const string All = "all";

    public static Channel Everything(int size) => new(
        All, "Aggregator: all sources", "The newest articles of every source, cleaned, each story once.", [], [], null, null, [], [], size);
}
