namespace Aggregator.Tests.Publish;

/// <summary>Channels from the channels file, and ad-hoc q, source and category narrowing any channel.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class ChannelTests(PublishSite site)
{
    [Theory]
    [InlineData("/feeds/world.json", "Election enters final day|Talks resume in the capital")]
    [InlineData("/feeds/beta-only.json", "Election enters final day|Review: the folding gadget|Talks resume in the capital city")]
    [InlineData("/feeds/no-gadgets.json", "alert('title') Win a prize|Museum reopens after restoration|Election enters final day|Talks resume in the capital")]
    [InlineData("/feeds/elections.json", "Election enters final day")]
    [InlineData("/feeds/all.json?category=culture", "Museum reopens after restoration")]
    [InlineData("/feeds/world.json?category=Tech", "")]
    [InlineData("/feeds/world.json?q=delegates", "Talks resume in the capital")]
    [InlineData("/feeds/elections.json?q=museum", "")]
    [InlineData("/feeds/keep-words.json", "Museum reopens after restoration|Election enters final day")]
    [InlineData("/feeds/keep-words.json?q=voters", "Election enters final day")]
    // Keep and block words are words as the search index sees them: any case, accents ignored.
    [InlineData("/feeds/keep-accented.json", "Museum reopens after restoration")]
    // Block words with a search (FTS5 NOT) and without (the blocked items found apart).
    [InlineData("/feeds/no-gadgets.json?q=folding%20OR%20museum", "Museum reopens after restoration")]
    [InlineData("/feeds/no-gadgets.json?category=tech", "")]
    public async Task AChannelListsWhatItsDefinitionAndTheRequestAllow(string path, string titles)
    {
        var feed = await site.GetJsonAsync(path);

        Assert.Equal(titles, string.Join('|', feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString())));
    }

    [Fact]
    public async Task SourceNarrowsAChannelAndTheChannelKeepsItsOwnTitle()
    {
        var feed = await site.GetJsonAsync($"/feeds/world.json?source={site.Gamma}");

        Assert.Equal("World", feed.GetProperty("title").GetString());
        Assert.Equal("Capital talks resume (AMP)", Assert.Single(feed.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
    }
}
