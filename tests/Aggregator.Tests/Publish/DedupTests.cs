using System.Text.Json;

namespace Aggregator.Tests.Publish;

/// <summary>One story once: URL variants and near-identical text from several sources appear once, earliest first, naming every carrier.</summary>
[Collection(PublishSiteGroup.Name)]
public sealed class DedupTests(PublishSite site)
{
    [Fact]
    public async Task TrackingFragmentWwwAmpAndMobileVariantsAreOneStoryShownByTheEarliestCopy()
    {
        var items = await ItemsAsync("/feeds/all.json");
        var story = Assert.Single(items, i => i.GetProperty("title").GetString()!.Contains("alks resume", StringComparison.Ordinal));

        Assert.Equal("Talks resume in the capital", story.GetProperty("title").GetString());
        Assert.Equal("Alpha News", story.GetProperty("_source").GetProperty("title").GetString());
        Assert.Equal(["Gamma Times", "Beta Daily"], story.GetProperty("_also_in").EnumerateArray().Select(s => s.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task NearlyTheSameTextUnderDifferentAddressesIsOneStory()
    {
        var items = await ItemsAsync("/feeds/all.json");
        var gadget = Assert.Single(items, i => i.GetProperty("title").GetString()!.Contains("gadget", StringComparison.OrdinalIgnoreCase));

        // Beta published an hour before Alpha, so Beta's copy stands for the story.
        Assert.Equal("Review: the folding gadget", gadget.GetProperty("title").GetString());
        Assert.Equal("Alpha News", Assert.Single(gadget.GetProperty("_also_in").EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task DifferentStoriesStayApartAndTheListingApiStillShowsEveryCopy()
    {
        Assert.Equal(5, (await ItemsAsync("/feeds/all.json")).Count);
        var api = await site.GetJsonAsync("/api/items?limit=100");
        Assert.Equal(8, api.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheStoryEndpointListsEveryCopyEarliestFirst()
    {
        var api = await site.GetJsonAsync($"/api/items?source={site.Beta}&q=capital");
        var betaCopy = Assert.Single(api.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();

        var story = await site.GetJsonAsync($"/api/items/{betaCopy}/story");

        var copies = story.GetProperty("copies").EnumerateArray().ToList();
        Assert.Equal([site.Alpha, site.Gamma, site.Beta], copies.Select(c => c.GetProperty("sourceId").GetInt64()));
        Assert.Equal(copies[0].GetProperty("itemId").GetInt64(), story.GetProperty("firstItemId").GetInt64());
    }

    private async Task<List<JsonElement>> ItemsAsync(string path) =>
        [.. (await site.GetJsonAsync(path)).GetProperty("items").EnumerateArray()];
}
