namespace Aggregator.Query;

/// <summary>A search as the user meant it (<see cref="SearchParser"/>), before it is written for FTS5.</summary>
internal abstract record SearchNode;

/// <summary>One FTS5 phrase or NEAR group, already written (<c>title : "doha"</c>, <c>"elect"*</c>, <c>NEAR("a" "b", 5)</c>).</summary>
internal sealed record SearchTerm(string Fts) : SearchNode;

/// <summary>Items that hold every one of <paramref name="Include"/> and none of <paramref name="Exclude"/>.</summary>
internal sealed record AllOf(IReadOnlyList<SearchNode> Include, IReadOnlyList<SearchNode> Exclude) : SearchNode;

/// <summary>Items that hold any of <paramref name="Parts"/>.</summary>
internal sealed record AnyOf(IReadOnlyList<SearchNode> Parts) : SearchNode;
