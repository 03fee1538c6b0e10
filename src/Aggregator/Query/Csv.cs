using System.Globalization;
using System.Text;

namespace Aggregator.Query;

/// <summary>RFC 4180 rows: a field is quoted when it holds a comma, quote or line break, its quotes doubled.</summary>
internal static class Csv
{
    public static string Row(IEnumerable<object?> values)
    {
        var line = new StringBuilder();
        foreach (var value in values)
        {
            line.Append(line.Length == 0 ? "" : ",").Append(Field(value));
        }

        return line.Append("\r\n").ToString();
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            byte[] bytes => Convert.ToBase64String(bytes),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
