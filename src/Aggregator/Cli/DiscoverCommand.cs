using System.CommandLine;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Sources;

namespace Aggregator.Cli;

/// <summary>
/// <c>discover &lt;url&gt;</c>: fetches a web page through the guarded fetcher and lists the feeds its
/// <c>&lt;link rel="alternate"&gt;</c> tags name (else the site's usual feed addresses that answer with one),
/// best first, marking the one <c>sources add</c> would pick.
/// </summary>
internal static class DiscoverCommand
{
    public static Command Create(IServiceProvider services)
    {
        var url = new Argument<string>("url") { Description = "A web page's http(s) address" };
        var command = new Command("discover", "List the feeds a web page names") { url };
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(url)!;
            if (SourceUrl.Normalize(given, out var error) is not { } address)
            {
                return await CliSources.FailAsync("discover", error!, 2);
            }

            var fetched = await services.GetRequiredService<FeedFetcher>().FetchAsync(address, FetchValidators.None, ct);
            if (fetched is not FetchResult.Fetched page)
            {
                var reason = fetched switch
                {
                    FetchResult.Failed f => f.Reason,
                    FetchResult.Deferred d => d.Reason,
                    _ => "unexpected 304",
                };
                return await CliSources.FailAsync("discover", $"{address}: {reason}");
            }

            var finder = services.GetRequiredService<FeedFinder>();
            if (finder.Parse(page) is { } feed)
            {
                await Console.Out.WriteLineAsync($"{page.FinalUrl} is itself a feed ({feed.Format}); sources add would subscribe to it");
                return 0;
            }

            var links = await finder.FindAsync(page, ct);
            if (links.Count == 0)
            {
                return await CliSources.FailAsync("discover", $"{address}: no feed found (no <link rel=\"alternate\"> with a feed type, and none of {string.Join(", ", FeedFinder.CommonPaths)} answers with a feed)");
            }

            for (var i = 0; i < links.Count; i++)
            {
                var mark = i == 0 ? "*" : " ";
                await Console.Out.WriteLineAsync($"{mark} {links[i].Url}  {links[i].Type}  {links[i].Via}  {CliSources.Cell(links[i].Title, 60)}");
            }

            await Console.Out.WriteLineAsync("* the feed sources add would subscribe to");
            return 0;
        });
        return command;
    }
}
