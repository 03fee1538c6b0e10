using System.Net;
using System.Net.Sockets;

namespace Aggregator.Fetch;

/// <summary>
/// Decides which addresses we may connect to. Checked on the address actually dialled (in the
/// handler's connect callback), so neither a DNS answer nor a redirect can reach an internal host.
/// </summary>
internal static class AddressGuard
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it is a public unicast address.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyRefusedV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => WhyRefusedV6(address),
            _ => "not an IP address",
        };
    }

    private static string? WhyRefusedV4(ReadOnlySpan<byte> b) => b switch
    {
        [0, ..] => "an unspecified address",
        [127, ..] => "a loopback address", // also when embedded in 6to4 or NAT64 forms
        [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "a private address",
        [100, >= 64 and <= 127, ..] => "a carrier-grade NAT address",
        [169, 254, ..] => "a link-local address",
        [192, 0, 0, _] or [198, 18 or 19, ..] => "a reserved address",
        [>= 224 and <= 239, ..] => "a multicast address",
        [>= 240, ..] => "a reserved address",
        _ => null,
    };

    private static string? WhyRefusedV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "an unspecified address";
        }

        var b = address.GetAddressBytes();
        return address switch
        {
            { IsIPv6LinkLocal: true } => "a link-local address",
            { IsIPv6SiteLocal: true } => "a site-local address",
            { IsIPv6UniqueLocal: true } => "a unique-local address",
            { IsIPv6Multicast: true } => "a multicast address",
            _ when b[0] == 0x20 && b[1] == 0x02 => WhyRefusedV4(b.AsSpan(2, 4)) is { } v4 ? $"a 6to4 form of {v4}" : null,
            // The deprecated IPv4-compatible form ::a.b.c.d still reaches a.b.c.d on some stacks.
            _ when b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 => WhyRefusedV4(b.AsSpan(12)) is { } v4 ? $"an IPv4-compatible form of {v4}" : null,
            _ when b.AsSpan(0, 12).SequenceEqual(NatPrefix) => WhyRefusedV4(b.AsSpan(12)) is { } v4 ? $"a NAT64 form of {v4}" : null,
            _ => null,
        };
    }

    private static readonly byte[] NatPrefix = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}

/// <summary>Thrown from the connect callback when every address of a host is refused.</summary>
internal sealed class AddressRefusedException(string message) : Exception(message);
