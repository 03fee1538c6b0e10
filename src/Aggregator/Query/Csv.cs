using System.Globalization;
using System.Text;

namespace Aggregator.Query;

/// <summary>RFC 4180 rows: a field is quoted when it holds a comma, quote or line break, its quotes doubled.</summary>
internal static class Csv
{
    public static string Row(IEnumerable<object?> values) => Append(new StringBuilder(), values).ToString();

    /// <summary>
    /// Appends one row to <paramref name="line"/>. Exports reuse one builder for every row and write it as
    /// it is: building a string per field and per row, then copying it, was most of an export's CPU (the
    /// text column is kilobytes).
    /// </summary>
    public static StringBuilder Append(StringBuilder line, IEnumerable<object?> values)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                line.Append(',');
            }

            first = false;
            AppendField(line, value);
        }

        return line.Append("\r\n");
    }

    private static void AppendField(StringBuilder line, object? value)
    {
        var text = value switch
        {
            null => "",
            byte[] bytes => Convert.ToBase64String(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            line.Append(text);
            return;
        }

        line.Append('"');
        var rest = text.AsSpan();
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            line.Append(rest[..(quote + 1)]).Append('"');
            rest = rest[(quote + 1)..];
        }

        line.Append(rest).Append('"');
    }
}
