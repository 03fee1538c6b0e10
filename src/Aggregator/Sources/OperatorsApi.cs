using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>
/// <c>/operators</c>: the operators' page, server-rendered HTML. Read like <c>GET /api/sources</c>: open
/// when no read key is configured; otherwise the key comes in the <c>X-Api-Key</c> header or, from a
/// browser, once through the form at <c>POST /operators/key</c>, which sets a cookie derived from it.
/// </summary>
internal static class OperatorsApi
{
    public const string Path = "/operators";

    private const int ErrorsShown = 3;

    public static IEndpointRouteBuilder MapOperators(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, PageAsync).ExcludeFromDescription();
        app.MapPost($"{Path}/key", KeyAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PageAsync(
        HttpContext context, IOptions<AggregatorOptions> options, SourceStore sources, ItemStats stats, FetchLogStore log, TimeProvider clock, CancellationToken ct)
    {
        Protect(context.Response);
        if (!ReaderCookie.Allows(context.Request, options.Value))
        {
            return KeyForm(null);
        }

        var view = OperatorsView.Parse(context.Request.Query, out var error);
        if (view is null)
        {
            return Problems.BadRequest(error!);
        }

        var lastWeek = (await stats.HealthAsync(ct)).ToDictionary(a => a.SourceId, a => a.ItemsLastWeek);
        var errors = await log.LastErrorsAsync(ErrorsShown, ct);
        var rows = (await sources.ListAsync(ct))
            .Select(s => new OperatorRow(s, lastWeek.GetValueOrDefault(s.Id), [.. errors[s.Id]]))
            .ToList();
        return Html(OperatorsPage.Render(view, rows, clock.GetUtcNow()), StatusCodes.Status200OK);
    }

    /// <summary>Takes the key from the form once; a right key sets the cookie and goes back to the page.</summary>
    private static async Task<Results<RedirectHttpResult, ContentHttpResult, ProblemHttpResult>> KeyAsync(
        HttpContext context, IOptions<AggregatorOptions> options, CancellationToken ct)
    {
        Protect(context.Response);
        if (!context.Request.HasFormContentType)
        {
            return Problems.BadRequest("Send the key as a form field 'key' (application/x-www-form-urlencoded).");
        }

        string key;
        try
        {
            key = (await context.Request.ReadFormAsync(ct))["key"].ToString();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Problems.BadRequest($"The form could not be read: {e.Message}");
        }

        if (string.IsNullOrEmpty(options.Value.ReadApiKey))
        {
            return TypedResults.Redirect(Path); // nothing to unlock
        }

        if (!ReaderCookie.IsReadKey(key, options.Value))
        {
            return KeyForm("That key is not accepted.");
        }

        ReaderCookie.Set(context.Response, key, Path);
        return TypedResults.Redirect(Path); // 302 after a POST: the browser follows with a GET
    }

    private static ContentHttpResult KeyForm(string? message) =>
        Html(OperatorsPage.RenderKeyForm($"{Path}/key", message), StatusCodes.Status401Unauthorized);

    private static ContentHttpResult Html(string html, int status) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>No script, no frames, no caching, no referrer sent to the sources' sites.</summary>
    private static void Protect(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = OperatorsPage.Policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
