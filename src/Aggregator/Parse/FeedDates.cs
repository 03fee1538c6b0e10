using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Parse;

/// <summary>
/// Reads the dates feeds write (RFC 822 and its real-world variants, ISO 8601/W3CDTF) as UTC,
/// never through the machine's culture or time zone. A date without a zone is taken as UTC.
/// </summary>
internal static partial class FeedDates
{
    private static readonly Dictionary<string, int> ZoneHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5,
        ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10, ["AST"] = -4, ["ADT"] = -3,
        ["BST"] = 1, ["CET"] = 1, ["MET"] = 1, ["WEST"] = 1, ["CEST"] = 2, ["MEST"] = 2, ["EET"] = 2, ["EEST"] = 3,
        ["MSK"] = 3, ["IST"] = 5, ["JST"] = 9, ["KST"] = 9, ["AEST"] = 10, ["AEDT"] = 11, ["NZST"] = 12, ["NZDT"] = 13,
        ["A"] = -1, ["M"] = -12, ["N"] = 1, ["Y"] = 12,
    };

    /// <summary>English month names and the common abbreviations of a few other languages, by first letters.</summary>
    private static readonly (string Prefix, int Month)[] Months =
    [
        ("jan", 1), ("feb", 2), ("fév", 2), ("fev", 2), ("mar", 3), ("mär", 3), ("apr", 4), ("avr", 4),
        ("may", 5), ("mai", 5), ("mag", 5), ("jun", 6), ("juin", 6), ("jui", 7), ("jul", 7), ("lug", 7), ("aug", 8), ("aoû", 8), ("ago", 8),
        ("sep", 9), ("set", 9), ("oct", 10), ("okt", 10), ("ott", 10), ("nov", 11), ("dec", 12), ("dez", 12), ("déc", 12), ("dic", 12),
        ("ene", 1), ("abr", 4),
    ];

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK",
        "yyyyMMdd'T'HHmmssK", "yyyyMMdd'T'HH:mm:ssK", "yyyy-MM-dd", "yyyyMMdd", "yyyy-MM", "yyyy",
    ];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        return ParseIso(text) ?? ParseRfc822(text) ?? ParseLoosely(text);
    }

    private static DateTimeOffset? ParseIso(string text)
    {
        if (text.Length < 4 || !char.IsAsciiDigit(text[0]))
        {
            return null;
        }

        // .NET's K does not take "+0100" or a lowercase z; W3CDTF feeds use both.
        var normalized = CompactOffset().Replace(text.Replace('z', 'Z'), "$1:$2");
        return DateTimeOffset.TryParseExact(normalized, IsoFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var result)
            ? result.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        var match = Rfc822().Match(text);
        if (!match.Success || MonthOf(match.Groups["month"].Value) is not { } month)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Length <= 2)
        {
            year += year < 50 ? 2000 : 1900; // RFC 2822 §4.3
        }

        var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
        var hour = GroupInt(match, "hour");
        var minute = GroupInt(match, "minute");
        var second = GroupInt(match, "second");
        if (ZoneOffset(match.Groups["zone"].Value) is not { } offset || hour > 24 || minute > 59 || second > 60)
        {
            return null;
        }

        try
        {
            var local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified)
                .AddHours(hour).AddMinutes(minute).AddSeconds(second);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static DateTimeOffset? ParseLoosely(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var result)
            ? result.ToUniversalTime()
            : null;

    private static int? MonthOf(string name)
    {
        var lower = name.ToLowerInvariant();
        foreach (var (prefix, month) in Months)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal))
            {
                return month;
            }
        }

        return null;
    }

    /// <summary>"+0100", "-05:00", "GMT+1", "EST", military letters; an empty or unknown name counts as UTC.</summary>
    internal static TimeSpan? ZoneOffset(string zone)
    {
        var text = zone.Trim().TrimEnd(')').Trim();
        var numeric = NumericZone().Match(text);
        if (numeric.Success)
        {
            var sign = numeric.Groups[1].Value == "-" ? -1 : 1;
            var digits = numeric.Groups[2].Value;
            var hours = int.Parse(digits.Length > 2 ? digits[..^2] : digits, CultureInfo.InvariantCulture);
            var minutes = numeric.Groups[3].Success
                ? int.Parse(numeric.Groups[3].Value, CultureInfo.InvariantCulture)
                : digits.Length > 2 ? int.Parse(digits[^2..], CultureInfo.InvariantCulture) : 0;
            return hours > 14 || minutes > 59 ? null : sign * new TimeSpan(hours, minutes, 0);
        }

        var name = text.Split([' ', '('], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
        return ZoneHours.TryGetValue(name, out var named) ? TimeSpan.FromHours(named) : TimeSpan.Zero;
    }

    private static int GroupInt(Match match, string name) =>
        match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("""(?<=T\d\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)(\d\d)$""")]
    private static partial Regex CompactOffset();

    [GeneratedRegex("""^(?:[^\d,]+,?\s*)?(?<day>\d{1,2})(?:st|nd|rd|th)?[\s\-./]+(?<month>\p{L}+)\.?[\s\-./,]+(?<year>\d{4}|\d{2})(?:[\sT,]+(?<hour>\d{1,2})[:.](?<minute>\d{2})(?:[:.](?<second>\d{2}))?(?:\.\d+)?)?\s*(?<zone>.*)$""")]
    private static partial Regex Rfc822();

    [GeneratedRegex("""^(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,4})(?::(\d{2}))?$""", RegexOptions.IgnoreCase)]
    private static partial Regex NumericZone();
}
