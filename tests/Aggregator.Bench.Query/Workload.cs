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

    public static ItemFilter Filter(string q) => new(Match: FtsQuery.Translate(q, out _));
}
