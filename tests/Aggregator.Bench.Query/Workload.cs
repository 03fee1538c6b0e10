using Aggregator.Query;
using Aggregator.Store;

namespace Aggregator.Bench.Query;

/// <summary>Typical requests: searches an analyst or reader types, and the listings a UI's filters make.</summary>
internal static class Workload
{
    public static readonly string[] Searches =
    [
        "taliban", "election", "\"prime minister\"", "econom*", "doha OR kabul", "climate NOT storm", "title:football",
        "vaccine hospital", "kaloter", "inflation rates", "gaza ceasefire", "\"peace talks\" taliban", "microsoft OR apple", "sanlo*",
    ];

    private static readonly DateTimeOffset Recent = NewsGenerator.Start + NewsGenerator.Span - TimeSpan.FromDays(30);

    public static readonly ItemFilter[] Listings =
    [
        new(SourceIds: [3]),
        new(SourceIds: [1, 2, 50]),
        new(Categories: ["Politics"]),
        new(Categories: ["Rugby"]),
        new(Authors: ["Author 17"]),
        new(Languages: ["de"]),
        new(HasEnclosure: true),
        new(Since: Recent),
        new(Since: Recent, Until: Recent.AddDays(7), Categories: ["World"]),
        new(Order: ItemOrder.Oldest),
        new(),
    ];

    /// <summary>A listing's filters in a few words, for the per-query report.</summary>
    public static string Describe(ItemFilter f) => string.Join(' ', new[]
    {
        f.SourceIds is { Count: > 0 } s ? $"source={string.Join(',', s)}" : null,
        f.Categories is { Count: > 0 } c ? $"category={string.Join(',', c)}" : null,
        f.Authors is { Count: > 0 } a ? $"author={string.Join(',', a)}" : null,
        f.Languages is { Count: > 0 } l ? $"language={string.Join(',', l)}" : null,
        f.HasEnclosure is { } e ? $"hasEnclosure={e}" : null,
        f.Since is { } since ? $"since={since:yyyy-MM-dd}" : null,
        f.Until is { } until ? $"until={until:yyyy-MM-dd}" : null,
        f.Order == ItemOrder.Oldest ? "sort=oldest" : null,
    }.OfType<string>().DefaultIfEmpty("(unfiltered)"));

    public static ItemFilter Filter(string q) => new(Match: FtsQuery.Translate(q, out _));
}
