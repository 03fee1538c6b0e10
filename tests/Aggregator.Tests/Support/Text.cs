using System.Text.RegularExpressions;

namespace Aggregator.Tests.Support;

public static partial class Text
{
    /// <summary>Whitespace runs inside lines collapsed, lines trimmed, blank lines reduced to one.</summary>
    public static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim());
        return MultipleBlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    public static string Seed(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "seed", file));

    public static IReadOnlyList<string> Boilerplate() =>
        [.. Seed("boilerplate.txt").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();
}
