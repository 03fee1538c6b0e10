namespace Aggregator.Store;

/// <summary>Whether a source's items are read from their web page rather than from the feed.</summary>
internal enum FullPageMode
{
    /// <summary>Fetch the page when the feed's text looks truncated (a teaser, "[…]", "Read more").</summary>
    Auto,

    /// <summary>Always fetch the page: the feed carries teasers however long they are.</summary>
    Always,

    /// <summary>Never fetch: the feed's text is all there is (paywalls, pages that block robots).</summary>
    Never,
}

/// <summary>The names of <see cref="FullPageMode"/> in JSON and SQL: <c>auto</c>, <c>always</c>, <c>never</c>.</summary>
internal static class FullPageModes
{
    public const string Allowed = "auto, always or never";

    public static string Name(this FullPageMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>Parses a mode's name; null (absent) is <see cref="FullPageMode.Auto"/>, anything unknown fails.</summary>
    public static bool TryParse(string? name, out FullPageMode mode)
    {
        mode = FullPageMode.Auto;
        return name is null
            || (name is "auto" or "always" or "never" && Enum.TryParse(name, ignoreCase: true, out mode));
    }
}
