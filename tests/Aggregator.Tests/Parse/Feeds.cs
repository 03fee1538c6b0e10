using System.Text;
using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

/// <summary>Shortcuts for parsing inline feeds and files in testdata/.</summary>
internal static class Feeds
{
    public static readonly Uri Address = new("http://example.com/blog/feed.xml");

    public static ParsedFeed Parse(string text, string? contentType = null) =>
        new FeedParser().Parse(Encoding.UTF8.GetBytes(text), Address, contentType);

    public static ParsedFeed ParseBytes(byte[] content, string? contentType = null) =>
        new FeedParser().Parse(content, Address, contentType);

    public static byte[] File(params string[] path) =>
        System.IO.File.ReadAllBytes(Path.Combine([AppContext.BaseDirectory, "testdata", .. path]));

    public static string Rss(string items, string channel = "") =>
        $"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>http://example.com/</link>{channel}{items}</channel></rss>""";
}
