using System.Net;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Query;

public sealed class KeyTests
{
    [Fact]
    public async Task WithAReadKeyConfiguredReadingNeedsAKey()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?>
        {
            ["Aggregator:ReadApiKey"] = "reader",
            ["Aggregator:AnalystApiKey"] = "analyst",
        });
        using var anonymous = app.CreateClient();

        foreach (var url in new[] { "/api/items", "/api/items/facets", "/api/items/export.csv", "/api/stats/sources" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
            foreach (var key in new[] { "reader", "analyst", AggregatorApp.AdminKey })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
                request.Headers.Add("X-Api-Key", key);
                Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(request)).StatusCode);
            }
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/items", UriKind.Relative));
        wrong.Headers.Add("X-Api-Key", "readerx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task WithoutAReadKeyReadingIsOpen()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/api/items", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/api/stats/daily", UriKind.Relative))).StatusCode);
    }
}
