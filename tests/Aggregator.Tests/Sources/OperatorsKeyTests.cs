using System.Net;
using Aggregator.Tests.Support;

namespace Aggregator.Tests.Sources;

/// <summary>With a read key, a browser opens the operators' page by posting the key once; the cookie never holds the key.</summary>
public sealed class OperatorsKeyTests
{
    private const string ReadKey = "operators-read-key";

    [Fact]
    public async Task WithAReadKeyThePageAsksForItAndTheFormSetsACookieDerivedFromIt()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:ReadApiKey"] = ReadKey });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var locked = await client.GetAsync("/operators");
        var form = await OperatorsPageTests.ParseAsync(locked);
        var wrong = await PostKeyAsync(client, "not-the-key");
        var right = await PostKeyAsync(client, ReadKey);
        var cookie = right.Headers.GetValues("Set-Cookie").Single();
        var withCookie = await GetAsync(client, "Cookie", cookie.Split(';')[0]);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal("/operators/key", form.QuerySelector("form[method=post]")!.GetAttribute("action"));
        Assert.NotNull(form.QuerySelector("input[type=password][name=key]"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not accepted", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/operators", right.Headers.Location!.OriginalString);
        Assert.StartsWith("aggregator_reader=", cookie, StringComparison.Ordinal);
        Assert.DoesNotContain(ReadKey, cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/operators", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
        Assert.NotNull((await OperatorsPageTests.ParseAsync(withCookie)).QuerySelector("table"));
    }

    [Fact]
    public async Task TheHeaderKeyOpensThePageAndAForgedCookieDoesNot()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:ReadApiKey"] = ReadKey });
        using var client = app.CreateClient(new() { HandleCookies = false });
        (string Header, string Value)[] cases =
        [
            ("X-Api-Key", ReadKey), ("X-Api-Key", AggregatorApp.AdminKey), ("X-Api-Key", "wrong"),
            ("Cookie", $"aggregator_reader={ReadKey}"), ("Cookie", "aggregator_reader=forged"),
        ];

        var statuses = new List<HttpStatusCode>();
        foreach (var (header, value) in cases)
        {
            statuses.Add((await GetAsync(client, header, value)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
    }

    [Fact]
    public async Task WithoutAReadKeyThePageIsOpenAndTheFormNeedsAForm()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder);
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var open = await client.GetAsync("/operators");
        var json = await client.PostAsync("/operators/key", new StringContent("""{"key":"x"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal("0 sources: 0 dead, 0 failing, 0 healthy; 0 disabled.", (await OperatorsPageTests.ParseAsync(open)).QuerySelector(".summary")!.TextContent);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AMultipartFormWithoutABoundaryIs400Not500()
    {
        using var folder = new TempFolder();
        await using var app = new AggregatorApp(folder, new Dictionary<string, string?> { ["Aggregator:ReadApiKey"] = "reader-key" });
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var body = new StringContent("key=reader-key");
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");

        var response = await client.PostAsync("/operators/key", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static Task<HttpResponseMessage> PostKeyAsync(HttpClient client, string key) =>
        client.PostAsync("/operators/key", new FormUrlEncodedContent([new("key", key)]));

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/operators");
        request.Headers.Add(header, value);
        return client.SendAsync(request);
    }
}
