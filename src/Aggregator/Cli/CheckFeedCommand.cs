using System.CommandLine;
using Aggregator.Fetch;
using Aggregator.Parse;
using Aggregator.Schedule;

namespace Aggregator.Cli;

/// <summary>
/// <c>check-feed &lt;url&gt;</c>: fetch, parse and clean one feed exactly as a refresh would, and print the
/// items that would be stored, storing nothing. The operator's first step with a new or sick source.
/// </summary>
internal static class CheckFeedCommand
{
    public static Command Create(IServiceProvider services)
    {
        var url = new Argument<string>("url") { Description = "The feed's http(s) address" };
        var command = new Command("check-feed", "Show what the service would store for a feed, without storing it") { url };
        command.SetAction(async (result, ct) =>
        {
            var given = result.GetValue(url)!;
            if (!Uri.TryCreate(given, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"aggregator check-feed: '{given}' is not an absolute http(s) URL");
                return 2;
            }

            var fetched = await services.GetRequiredService<FeedFetcher>().FetchAsync(address, FetchValidators.None, ct);
            if (fetched is not FetchResult.Fetched feed)
            {
                var reason = fetched is FetchResult.Failed failed ? failed.Reason : "unexpected 304";
                await Console.Error.WriteLineAsync($"aggregator check-feed: {given}: {reason}");
                return 1;
            }

            ParsedFeed parsed;
            try
            {
                parsed = services.GetRequiredService<FeedParser>().Parse(feed.Body, feed.FinalUrl, feed.ContentType);
            }
            catch (FeedParseException e)
            {
                await Console.Error.WriteLineAsync($"aggregator check-feed: {given}: {e.Message}");
                return 1;
            }

            var processor = services.GetRequiredService<ItemProcessor>();
            var items = new List<object>();
            foreach (var entry in parsed.Items)
            {
                var draft = await processor.ProcessAsync(entry, ItemProcessor.HashOf(entry), feed.FinalUrl, ct);
                items.Add(new
                {
                    draft.Key, draft.Url, draft.Title, draft.Author, draft.Published, draft.Updated,
                    draft.Categories, draft.Summary, draft.ContentText, draft.ContentHtml, draft.Enclosures,
                });
            }

            await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(
                new { url = feed.FinalUrl.AbsoluteUri, parsed.Format, parsed.Title, parsed.Link, items }, ContractJson.Create(indented: true)));
            return 0;
        });
        return command;
    }
}
