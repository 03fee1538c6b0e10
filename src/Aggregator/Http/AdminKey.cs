using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Aggregator.Http;

/// <summary>
/// Guards every write: the caller's <c>X-Api-Key</c> must equal <c>Aggregator:AdminApiKey</c>,
/// compared in constant time. With no key configured, writes are refused outright.
/// </summary>
internal sealed class AdminKey(IOptions<AggregatorOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.AdminApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return Problems.Forbidden("Writes are disabled: no admin key is configured. Set Aggregator:AdminApiKey to enable them.");
        }

        var given = context.HttpContext.Request.Headers[Header].ToString();
        if (given.Length == 0)
        {
            return Problems.Unauthorized($"This request changes data and needs the {Header} header with the admin key.");
        }

        if (!KeysEqual(given, expected))
        {
            return Problems.Unauthorized($"The {Header} header does not hold the admin key.");
        }

        return await next(context);
    }

    /// <summary>Compares hashes so that neither the content nor the length of the key leaks through timing.</summary>
    public static bool KeysEqual(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

internal static class AdminKeyExtensions
{
    /// <summary>Requires the admin key on every endpoint of the builder.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AdminKey>();
}
