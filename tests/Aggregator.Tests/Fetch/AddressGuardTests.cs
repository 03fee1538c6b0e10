using System.Net;
using Aggregator.Fetch;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Fetch;

public sealed class AddressGuardTests
{
    private static readonly Dictionary<string, string?> GuardOn = new() { ["Aggregator:AllowPrivateNetworks"] = "false" };

    [Theory]
    [InlineData("http://127.0.0.1:9/", "loopback")]
    [InlineData("http://2130706433:9/", "loopback")] // integer form of 127.0.0.1
    [InlineData("http://0x7f000001:9/", "loopback")] // hex
    [InlineData("http://0x7f.0.0.1:9/", "loopback")] // hex first octet
    [InlineData("http://0177.0.0.1:9/", "loopback")] // octal
    [InlineData("http://127.1:9/", "loopback")] // short form
    [InlineData("http://[::1]:9/", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:9/", "loopback")] // IPv4-mapped IPv6
    [InlineData("http://[::ffff:7f00:1]:9/", "loopback")] // the same, in hex groups
    [InlineData("http://[::ffff:10.0.0.1]:9/", "private")]
    [InlineData("http://10.1:9/", "private")] // short form of 10.0.0.1
    [InlineData("http://167772161:9/", "private")] // integer form of 10.0.0.1
    [InlineData("http://0xc0a80001:9/", "private")] // hex form of 192.168.0.1
    [InlineData("http://172.16.0.1:9/", "private")]
    [InlineData("http://169.254.169.254:9/", "link-local")] // cloud metadata
    [InlineData("http://[fe80::1]:9/", "link-local")]
    [InlineData("http://[fd00::1]:9/", "unique-local")]
    [InlineData("http://224.0.0.1:9/", "multicast")]
    [InlineData("http://0.0.0.0:9/", "unspecified")]
    [InlineData("http://0:9/", "unspecified")]
    [InlineData("http://[::]:9/", "unspecified")]
    [InlineData("http://100.64.0.1:9/", "carrier-grade NAT")]
    [InlineData("http://[64:ff9b::a00:1]:9/", "NAT64")]
    [InlineData("http://[2002:7f00:1::]:9/", "6to4")]
    [InlineData("http://localhost:9/", "loopback")] // by name, through DNS
    public async Task EveryFormOfABlockedAddressIsRefusedBeforeConnecting(string url, string why)
    {
        using var rig = new FetchRig(GuardOn);

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(new Uri(url)));

        Assert.Contains("refused to connect", failed.Reason, StringComparison.Ordinal);
        Assert.Contains(why, failed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void APublicAddressIsAllowed(string address) =>
        Assert.Null(AddressGuard.WhyRefused(IPAddress.Parse(address)));

    [Fact]
    public async Task OnlyHttpAndHttpsAreFetched()
    {
        using var rig = new FetchRig(GuardOn);

        var failed = Assert.IsType<FetchResult.Failed>(await rig.FetchAsync(new Uri("file:///etc/passwd")));

        Assert.Contains("only http and https", failed.Reason, StringComparison.Ordinal);
    }
}
