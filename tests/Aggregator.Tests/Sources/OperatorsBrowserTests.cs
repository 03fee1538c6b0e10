using System.Net;
using AngleSharp.Html.Parser;
using Aggregator.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Tests.Sources;

/// <summary>
/// The operators' page in Debian's Chromium, headless, against the real service on Kestrel on
/// 127.0.0.1: the DOM the browser built is what is checked. Skipped on a machine without Chromium,
/// failed in CI (see <see cref="Chromium"/>).
/// </summary>
public sealed class OperatorsBrowserTests
{
    [SkippableFact]
    public async Task ChromiumShowsTheFailingSourceFirstSortsByTitleAndRunsNoInjectedMarkup()
    {
        Chromium.Require();
        await using var site = OperatorsSite.Serve(await FixtureServer.StartAsync());
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var origin = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        await OperatorsSite.AddAsync(app, site, failures: 1);

        var page = new HtmlParser().ParseDocument(await Chromium.DumpDomAsync(new Uri(origin, "/operators")));
        var titleHeader = page.QuerySelectorAll("thead th a").Single(a => a.TextContent.StartsWith("Source", StringComparison.Ordinal));
        var byTitle = new HtmlParser().ParseDocument(await Chromium.DumpDomAsync(new Uri(new Uri(origin, "/operators"), titleHeader.GetAttribute("href"))));
        var screenshot = await Chromium.ScreenshotAsync(new Uri(origin, "/operators"));

        Assert.Equal([OperatorsSite.FailingTitle, OperatorsSite.HealthyTitle], OperatorsPageTests.Titles(page));
        var failing = page.QuerySelector("tbody tr")!;
        Assert.Equal("failing", failing.QuerySelector(".grade")!.TextContent);
        Assert.Contains($"HTTP 500 {OperatorsSite.ReasonPhrase}", failing.QuerySelector("ol.errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([OperatorsSite.HealthyTitle, OperatorsSite.FailingTitle], OperatorsPageTests.Titles(byTitle));
        Assert.Equal("ascending", byTitle.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.Empty(page.QuerySelectorAll("script, img"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("Sources · Aggregator", page.Title); // an injected script would have renamed the page
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], screenshot[..4]);
        Assert.True(screenshot.Length > 5_000, $"the screenshot is only {screenshot.Length} bytes");
    }
}
