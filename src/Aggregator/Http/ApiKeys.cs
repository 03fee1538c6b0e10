using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Http;

/// <summary>Who a key lets in: readers (open unless a read key is set), operators who write, analysts who run SQL.</summary>
internal enum KeyRole
{
    Read,
    Admin,
    Analyst,
}

/// <summary>
/// Guards endpoints by role: the caller's <c>X-Api-Key</c> must equal a configured key, compared
/// in constant time. Writes and SQL with no key configured are refused outright; reading with no
/// read key configured is open. The admin and analyst keys also read.
/// </summary>
internal sealed class ApiKeyFilter(KeyRole role) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<AggregatorOptions>>().Value;
        var (required, accepted) = role switch
        {
            KeyRole.Admin => (options.AdminApiKey, new[] { options.AdminApiKey }),
            KeyRole.Analyst => (options.AnalystApiKey, [options.AnalystApiKey]),
            _ => (options.ReadApiKey, [options.ReadApiKey, options.AdminApiKey, options.AnalystApiKey]),
        };
        if (string.IsNullOrEmpty(required))
        {
            return role switch
            {
                KeyRole.Admin => Problems.Forbidden("Writes are disabled: no admin key is configured. Set Aggregator:AdminApiKey to enable them."),
                KeyRole.Analyst => Problems.Forbidden("The SQL endpoint is disabled: no analyst key is configured. Set Aggregator:AnalystApiKey to enable it.", "SQL is disabled"),
                _ => await next(context),
            };
        }

        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (given.Length == 0)
        {
            return Problems.Unauthorized($"This request needs the {Header} header with the {Name(role)} key.");
        }

        // Every configured key is compared, so timing does not tell which one nearly matched.
        var ok = accepted.Where(k => !string.IsNullOrEmpty(k)).Aggregate(false, (found, key) => KeysEqual(given, key!) | found);
        return ok ? await next(context) : Problems.Unauthorized($"The {Header} header does not hold the {Name(role)} key.");
    }

    private static string Name(KeyRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Compares hashes so that neither the content nor the length of the key leaks through timing.</summary>
    public static bool KeysEqual(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

internal static class ApiKeyExtensions
{
    /// <summary>Requires the admin key on every endpoint of the builder.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(KeyRole.Admin));

    /// <summary>Requires the read key when one is configured.</summary>
    public static TBuilder RequireReadKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(KeyRole.Read));

    /// <summary>Requires the analyst key; without one configured the endpoints answer 403.</summary>
    public static TBuilder RequireAnalystKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new ApiKeyFilter(KeyRole.Analyst));
}
