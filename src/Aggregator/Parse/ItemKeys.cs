using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Parse;

/// <summary>The stable key of an item: what makes a re-fetched item an update rather than a new one.</summary>
internal static class ItemKeys
{
    /// <summary>The feed's id, else the absolute link, else a SHA-256 of title and date (and summary when both are missing).</summary>
    public static string Of(string? id, string? link, string? title, DateTimeOffset? published, string? summary)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            return id.Trim();
        }

        if (!string.IsNullOrWhiteSpace(link))
        {
            return link;
        }

        var date = published?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;
        var material = title is null && published is null ? summary ?? string.Empty : $"{title}\n{date}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }
}
