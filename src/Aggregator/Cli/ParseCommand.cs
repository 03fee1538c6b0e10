using System.CommandLine;
using Aggregator.Fetch;
using Aggregator.Parse;

namespace Aggregator.Cli;

/// <summary><c>parse &lt;file-or-url&gt;…</c>: prints each feed as the service understands it.</summary>
internal static class ParseCommand
{
    public static Command Create(IServiceProvider services)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Feed files or http(s) URLs", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Parse feeds and print them as JSON") { inputs };
        command.SetAction((result, ct) =>
        {
            var parser = services.GetRequiredService<FeedParser>();
            return CliInputs.RunAsync("parse", result.GetValue(inputs)!, services.GetRequiredService<FeedFetcher>(), input =>
            {
                try
                {
                    return FeedOutput.From(parser.Parse(input.Bytes!, input.Address, input.ContentType));
                }
                catch (FeedParseException e)
                {
                    throw new CliInputException(e.Message);
                }
            }, ct);
        });
        return command;
    }

    /// <summary>The contract's shape of a parsed feed.</summary>
    internal sealed record FeedOutput(
        string Format, string? Title, string? Link, string? Description, string? Language, DateTimeOffset? Updated, string? Image,
        IReadOnlyList<ItemOutput> Items)
    {
        public static FeedOutput From(ParsedFeed f) => new(
            f.Format, f.Title, f.Link, f.Description, f.Language, f.Updated, f.Image,
            [.. f.Items.Select(i => new ItemOutput(
                i.Id, i.Title, i.Link, i.Published, i.Updated, i.Authors, i.Categories, i.Summary, i.Content, i.Enclosures))]);
    }

    internal sealed record ItemOutput(
        string? Id, string? Title, string? Link, DateTimeOffset? Published, DateTimeOffset? Updated,
        IReadOnlyList<ParsedAuthor> Authors, IReadOnlyList<string> Categories, string? Summary, string? Content,
        IReadOnlyList<ParsedEnclosure> Enclosures);
}
