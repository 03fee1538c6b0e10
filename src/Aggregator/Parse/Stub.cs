// TEMPORARY stand-in until the parse branch lands; deleted at merge.
#pragma warning disable CA1822 // stand-in
namespace Aggregator.Parse;

internal sealed class FeedParser
{
    public ParsedFeed Parse(byte[] content, Uri address, string? contentType = null)
    {
        _ = contentType;
        var feed = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(content);
        return new ParsedFeed("rss", feed.Title, feed.Link, feed.Description, feed.Language, null, null,
            [.. feed.Items.Select(i => new ParsedItem(i.Id, i.Id ?? i.Link ?? i.Title, i.Title, new Uri(address, i.Link).AbsoluteUri,
                i.PublishingDate is { } d ? new DateTimeOffset(d.ToUniversalTime()) : null, null,
                [new ParsedAuthor(i.Author, null, null)], [.. i.Categories], i.Description, i.Content, []))]);
    }
}

internal sealed class FeedParseException(string message) : Exception(message);
