using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Aggregator.Query;

/// <summary>
/// RFC 4180 rows: a field is quoted when it holds a comma, quote or line break, its quotes doubled. A text
/// that starts like a spreadsheet formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, carriage return) gets a
/// leading apostrophe unless <c>formulas</c> is true: a feed's title <c>=HYPERLINK("http://…")</c> would
/// otherwise run in the analyst's spreadsheet (OWASP, "CSV injection"). Numbers are never changed.
/// </summary>
internal static class Csv
{
    /// <summary>
    /// The <paramref name="name"/> parameter (<c>formulas</c> for exports, <c>_formulas</c> for SQL): whether
    /// texts that start like a formula are written as they are (<c>keep</c>) or disarmed (<c>escape</c>, the default).
    /// </summary>
    public static bool Formulas(IQueryCollection query, string name, ref string? error)
    {
        switch (ItemQuery.Single(query, name, ref error))
        {
            case null or "" or "escape":
                return false;
            case "keep":
                return true;
            case var other:
                error ??= $"{name}: '{ItemQuery.Clip(other)}' is not escape (the default: an apostrophe before a text that starts like a spreadsheet formula) or keep.";
                return false;
        }
    }

    /// <summary>Whether a text field would start a formula in a spreadsheet.</summary>
    private static bool StartsFormula(ReadOnlySpan<char> text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool StartsFormula(ReadOnlySpan<byte> text) => text.Length > 0 && text[0] is (byte)'=' or (byte)'+' or (byte)'-' or (byte)'@' or (byte)'\t' or (byte)'\r';

    private static string Field(object? value) => value switch
    {
        null => "",
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// Appends one row to <paramref name="output"/> as UTF-8, for exports and SQL answers: text already held as UTF-8
    /// (<see cref="ReadOnlyMemory{T}"/> of bytes, an item's article text) is copied without becoming a
    /// string, and numbers are formatted in place. Reading the text into a string and encoding it again
    /// cost an export as much CPU as reading the rows.
    /// </summary>
    public static void Append(IBufferWriter<byte> output, IEnumerable<object?> values, bool formulas = false)
    {
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                output.Write(","u8);
            }

            first = false;
            switch (value)
            {
                case null:
                    break;
                case ReadOnlyMemory<byte> utf8 when Utf8.IsValid(utf8.Span):
                    AppendField(output, utf8.Span, apostrophe: !formulas && StartsFormula(utf8.Span));
                    break;
                case ReadOnlyMemory<byte> broken:
                    AppendText(output, Encoding.UTF8.GetString(broken.Span), formulas);
                    break;
                case string text:
                    AppendText(output, text, formulas);
                    break;
                case long number:
                    number.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
                    output.Advance(written);
                    break;
                default:
                    AppendField(output, Field(value));
                    break;
            }
        }

        output.Write("\r\n"u8);
    }

    private static void AppendText(IBufferWriter<byte> output, string text, bool formulas) =>
        AppendField(output, !formulas && StartsFormula(text) ? "'" + text : text);

    private static void AppendField(IBufferWriter<byte> output, string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            Encoding.UTF8.GetBytes(text, output);
            return;
        }

        output.Write("\""u8);
        var rest = text.AsSpan();
        for (var quote = rest.IndexOf('"'); quote >= 0; quote = rest.IndexOf('"'))
        {
            Encoding.UTF8.GetBytes(rest[..(quote + 1)], output);
            output.Write("\""u8);
            rest = rest[(quote + 1)..];
        }

        Encoding.UTF8.GetBytes(rest, output);
        output.Write("\""u8);
    }

    /// <summary>The same quoting over UTF-8: the characters that need it are ASCII, never part of a longer sequence.</summary>
    private static void AppendField(IBufferWriter<byte> output, ReadOnlySpan<byte> text, bool apostrophe)
    {
        if (text.IndexOfAny(",\"\r\n"u8) < 0)
        {
            if (apostrophe)
            {
                output.Write("'"u8);
            }

            output.Write(text);
            return;
        }

        output.Write(apostrophe ? "\"'"u8 : "\""u8);
        for (var quote = text.IndexOf((byte)'"'); quote >= 0; quote = text.IndexOf((byte)'"'))
        {
            output.Write(text[..(quote + 1)]);
            output.Write("\""u8);
            text = text[(quote + 1)..];
        }

        output.Write(text);
        output.Write("\""u8);
    }
}
