using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Http;

/// <summary>
/// Lets a browser open pages guarded by the read key, which it cannot send as a header: the key is
/// posted once through a form, and a cookie then holds an HMAC derived from it, never the key itself.
/// The same keys read as for <see cref="KeyRole.Read"/>; every one is compared, in constant time.
/// </summary>
internal static class ReaderCookie
{
    public const string Name = "aggregator_reader";

    // Binds the token to this use: the same key gives a different value anywhere else.
    private static readonly byte[] Purpose = "aggregator: reader cookie v1"u8.ToArray();

    /// <summary>Whether the request may read: no read key is configured, or the header or the cookie holds one that reads.</summary>
    public static bool Allows(HttpRequest request, AggregatorOptions options)
    {
        if (string.IsNullOrEmpty(options.ReadApiKey))
        {
            return true;
        }

        var header = request.Headers[ApiKeyFilter.Header].ToString();
        var cookie = request.Cookies[Name] ?? "";
        var ok = false;
        foreach (var key in ReadKeys(options))
        {
            ok |= header.Length > 0 && ApiKeyFilter.KeysEqual(header, key);
            ok |= cookie.Length > 0 && ApiKeyFilter.KeysEqual(cookie, Token(key));
        }

        return ok;
    }

    /// <summary>Whether <paramref name="given"/> is a key that reads.</summary>
    public static bool IsReadKey(string given, AggregatorOptions options) =>
        given.Length > 0 && ReadKeys(options).Aggregate(false, (found, key) => ApiKeyFilter.KeysEqual(given, key) | found);

    /// <summary>Sets the cookie for <paramref name="key"/>: HttpOnly, SameSite=Strict, Secure over HTTPS, limited to <paramref name="path"/>.</summary>
    public static void Set(HttpResponse response, string key, string path) =>
        response.Cookies.Append(Name, Token(key), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = path,
            MaxAge = TimeSpan.FromDays(7),
            IsEssential = true,
        });

    private static string Token(string key) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Purpose));

    // The same keys as ApiKeyFilter's read role: the admin and analyst keys also read.
    private static IEnumerable<string> ReadKeys(AggregatorOptions options) =>
        new[] { options.ReadApiKey, options.AdminApiKey, options.AnalystApiKey }.Where(k => !string.IsNullOrEmpty(k))!;
}
