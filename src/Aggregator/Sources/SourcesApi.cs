using Aggregator.Http;
using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>The operators' HTTP surface: list, add, remove, refresh, OPML in and out.</summary>
internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sources").WithTags("Sources");
        group.MapGet("/", ListAsync).RequireReadKey().WithName("ListSources").WithSummary("Every source with its fetch status")
            .WithDescription("health: only the sources of one grade, healthy, failing or dead.");
        group.MapGet("/health", SourceHealthApi.SummaryAsync).RequireReadKey().WithName("SourceHealthSummary")
            .WithSummary("Sources by health grade, and every failing or dead source with its reason, since when, last success, failures, last error, items per day");
        group.MapGet("/{id:long}", GetAsync).RequireReadKey().WithName("GetSource").WithSummary("One source");
        group.MapPost("/", AddAsync).RequireAdminKey().Accepts<AddSourceRequest>("application/json").WithName("AddSource")
            .WithSummary("Add a feed, or a web page whose <link rel=alternate> names one");
        group.MapPatch("/{id:long}", SourcePatchApi.PatchAsync).RequireAdminKey().Accepts<PatchSourceRequest>("application/json")
            .WithName("UpdateSource").WithSummary("Change a source added through the API; config-file sources change in their file (409)");
        group.MapDelete("/{id:long}", DeleteAsync).RequireAdminKey().WithName("DeleteSource").WithSummary("Remove a source and its items");
        group.MapGet("/{id:long}/fetches", FetchesAsync).RequireReadKey().WithName("ListSourceFetches")
            .WithSummary("The source's last fetch attempts, newest first: time, status, duration, bytes, items, error");
        group.MapPost("/{id:long}/refresh", RefreshAsync).RequireAdminKey().WithName("RefreshSource").WithSummary("Fetch a source now");
        group.MapPost("/{id:long}/reprocess", ReprocessApi.ReprocessAsync).RequireAdminKey().WithName("ReprocessSource")
            .WithSummary("Clean the stored items of a source again, after its site rules changed");
        app.MapGet("/api/sources.opml", OpmlApi.ExportAsync).RequireReadKey().WithTags("Sources").WithName("ExportOpml").WithSummary("Every source as OPML 2.0");
        group.MapPost("/import", OpmlApi.ImportAsync).RequireAdminKey().WithName("ImportOpml")
            .WithSummary("Add the feeds of an OPML document").Accepts<string>("text/x-opml", "application/xml", "text/xml");
        return app;
    }

    /// <param name="health">Only the sources of this grade: healthy, failing or dead.</param>
    /// <param name="category">Sources filed under this category or a folder inside it; repeat for any of several.</param>
    /// <param name="tag">Sources with this tag; repeat for any of several.</param>
    private static async Task<Results<Ok<SourceResponse[]>, ProblemHttpResult>> ListAsync(SourceStore sources, string[]? category, string[]? tag, string? health, CancellationToken ct) =>
        health is not null && !SourceHealthApi.IsGrade(health)
            ? Problems.BadRequest($"health: '{Query.ItemQuery.Clip(health)}' is not {SourceHealthApi.Grades}.")
            : TypedResults.Ok((await sources.ListAsync(ct))
                .Where(s => health is null || s.Health == health)
                .Where(s => category is not { Length: > 0 } || category.Any(s.Settings.IsIn))
                .Where(s => tag is not { Length: > 0 } || tag.Any(s.Settings.HasTag))
                .Select(SourceResponse.From).ToArray());

    private static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> GetAsync(long id, SourceStore sources, CancellationToken ct) =>
        await sources.GetAsync(id, ct) is { } source
            ? TypedResults.Ok(SourceResponse.From(source))
            : Problems.NotFound($"There is no source {id}.");

    private static async Task<Results<Ok<FetchResponse[]>, ProblemHttpResult>> FetchesAsync(
        long id, SourceStore sources, FetchLogStore fetchLog, CancellationToken ct) =>
        await sources.GetAsync(id, ct) is null
            ? Problems.NotFound($"There is no source {id}.")
            : TypedResults.Ok((await fetchLog.ListAsync(id, ct)).Select(FetchResponse.From).ToArray());

    private static async Task<Results<Created<SourceResponse>, ProblemHttpResult>> AddAsync(
        HttpRequest http, SourceSubscriber subscriber, IOptions<AggregatorOptions> options, CancellationToken ct)
    {
        // The body is read here, after the key filter: a caller without the key hears 401, whatever it sent.
        AddSourceRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<AddSourceRequest>(ct);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Problems.BadRequest($"The body is not valid JSON for this request: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            return Problems.BadRequest("The body must be JSON, sent with Content-Type: application/json.");
        }

        if (request is null)
        {
            return Problems.BadRequest("The body must be a JSON object like {\"url\": \"https://example.com/feed.xml\"}.");
        }

        var url = SourceUrl.Normalize(request.Url, out var error);
        if (url is null)
        {
            return Problems.BadRequest($"url: {error}.");
        }

        if (request.IntervalMinutes is < 1 or > 10080)
        {
            return Problems.BadRequest($"intervalMinutes: {request.IntervalMinutes} is outside 1–10080.");
        }

        if (request.Title is { Length: > 500 })
        {
            return Problems.BadRequest("title: longer than 500 characters.");
        }

        if (!FullPageModes.TryParse(request.FullPage, out var fullPage))
        {
            return Problems.BadRequest($"fullPage: '{request.FullPage}' is not {FullPageModes.Allowed}.");
        }

        var settings = SourceSettingsParser.Parse(
            new SourceSettingsInput(request.Category, request.Tags, request.MinIntervalMinutes, request.MaxIntervalMinutes, request.Filters), out var settingsError);
        if (settings is null)
        {
            return Problems.BadRequest($"{settingsError}.");
        }

        var retention = new RetentionLimits(request.RetentionMaxAgeDays, request.RetentionMaxItems);
        if (retention.Check() is { } retentionError)
        {
            return Problems.BadRequest($"{retentionError}.");
        }

        var interval = request.IntervalMinutes ?? options.Value.DefaultIntervalMinutes;
        return await subscriber.SubscribeAsync(url, request.Title?.Trim(), interval, ct, fullPage, settings, retention) switch
        {
            SourceSubscriber.Result.Added added =>
                TypedResults.Created($"/api/sources/{added.Source.Id}", SourceResponse.From(added.Source)),
            SourceSubscriber.Result.AlreadyExists exists =>
                Problems.Conflict($"{exists.Source.Url} is already source {exists.Source.Id}."),
            SourceSubscriber.Result.Invalid invalid => Problems.BadRequest(invalid.Reason),
            _ => throw new InvalidOperationException("unknown subscription result"),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, SourceStore sources, FetchScheduler scheduler, CancellationToken ct)
    {
        if (!await sources.DeleteAsync(id, ct))
        {
            return Problems.NotFound($"There is no source {id}.");
        }

        await scheduler.RemoveAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RefreshAsync(
        long id, SourceStore sources, FetchScheduler scheduler, CancellationToken ct)
    {
        if (await sources.GetAsync(id, ct) is null)
        {
            return Problems.NotFound($"There is no source {id}.");
        }

        await scheduler.TriggerNowAsync(id, ct);
        return TypedResults.Accepted($"/api/sources/{id}");
    }
}

/// <summary>Body of <c>POST /api/sources</c>.</summary>
/// <param name="Url">A feed's address, or a web page that links to its feed.</param>
/// <param name="Title">Overrides the feed's own title.</param>
/// <param name="IntervalMinutes">How often to poll; the service default when absent.</param>
/// <param name="FullPage">Read items from their web page: <c>auto</c> (default: when the feed looks truncated), <c>always</c> or <c>never</c>.</param>
/// <param name="Category">A folder-like path such as <c>News/World</c>.</param>
/// <param name="Tags">Labels; the source list and item queries filter on them.</param>
/// <param name="MinIntervalMinutes">The source is never polled more often, within the global bounds.</param>
/// <param name="MaxIntervalMinutes">The source is never polled less often (backoff included), within the global bounds.</param>
/// <param name="Filters">Keep/block rules: <c>{"action": "keep"|"block", "field": "title"|"text"|"author"|"url"|"any", "words": [...] | "regex": "..."}</c>.</param>
/// <param name="RetentionMaxAgeDays">Remove this source's items older than this many days (0: never); the global setting when absent.</param>
/// <param name="RetentionMaxItems">Keep only this source's newest items (0: all); the global setting when absent.</param>
internal sealed record AddSourceRequest(
    string? Url,
    string? Title,
    int? IntervalMinutes,
    string? FullPage = null,
    string? Category = null,
    List<string>? Tags = null,
    int? MinIntervalMinutes = null,
    int? MaxIntervalMinutes = null,
    List<FilterRuleInput>? Filters = null,
    int? RetentionMaxAgeDays = null,
    int? RetentionMaxItems = null);

/// <summary>A source and its fetch status.</summary>
/// <param name="LastStatus">null before the first fetch, then <c>ok</c>, <c>notModified</c> or <c>error</c>.</param>
/// <param name="Health"><c>healthy</c>, <c>failing</c> (a streak of failures) or <c>dead</c> (a long streak, or 410 Gone).</param>
/// <param name="HealthReason">The error behind a failing or dead grade.</param>
/// <param name="HealthSince">When the source entered its current grade.</param>
/// <param name="DisabledReason">Why the service disabled the source itself (410 Gone); a later good fetch re-enables it.</param>
/// <param name="MovedTo">Where permanent redirects led on the last good fetch, before the source adopts it.</param>
/// <param name="PollMinutes">The interval chosen at the last full fetch from the feed's hints and publishing rhythm.</param>
/// <param name="RetentionMaxAgeDays">The source's own maximum item age in days (0: none); null follows the global setting.</param>
/// <param name="RetentionMaxItems">The source's own maximum item count (0: none); null follows the global setting.</param>
/// <param name="ItemsPerDay">Items published (else fetched) per day, averaged over the last 7 days.</param>
internal sealed record SourceResponse(
    long Id,
    string Url,
    string? Title,
    bool Enabled,
    string Origin,
    int IntervalMinutes,
    string? SiteUrl,
    DateTimeOffset? LastFetchedAt,
    DateTimeOffset? LastSuccessAt,
    string? LastStatus,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? NextFetchAt,
    long ItemCount,
    DateTimeOffset CreatedAt,
    string Health,
    string? HealthReason,
    DateTimeOffset? HealthSince,
    string? DisabledReason,
    string? MovedTo,
    int? PollMinutes,
    string FullPage,
    int? RetentionMaxAgeDays,
    int? RetentionMaxItems,
    double ItemsPerDay)
{
    /// <summary>A folder-like path such as <c>News/World</c>, or null.</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public int? MinIntervalMinutes { get; init; }

    public int? MaxIntervalMinutes { get; init; }

    /// <summary>Keep/block rules, in order: <c>{"action","field","words","regex"}</c>.</summary>
    public IReadOnlyList<FilterRule> Filters { get; init; } = [];

    public static SourceResponse From(Source s) => new(
        s.Id, s.Url, s.Title, s.Enabled, s.Origin, s.IntervalMinutes, s.SiteUrl, s.LastFetchedAt, s.LastSuccessAt,
        s.LastStatus, s.LastError, s.ConsecutiveFailures, s.NextFetchAt, s.ItemCount, s.CreatedAt,
        s.Health, s.HealthReason, s.HealthSince, s.DisabledReason, s.MovedTo, s.PollMinutes, s.FullPage.Name(),
        s.Retention.MaxAgeDays, s.Retention.MaxItems, SourceHealthApi.PerDay(s.ItemsLastWeek))
    {
        Category = s.Settings.Category,
        Tags = s.Settings.Tags,
        MinIntervalMinutes = s.Settings.MinIntervalMinutes,
        MaxIntervalMinutes = s.Settings.MaxIntervalMinutes,
        Filters = s.Settings.Filters,
    };
}

/// <summary>One fetch attempt of a source.</summary>
/// <param name="Status"><c>ok</c>, <c>notModified</c>, <c>error</c>, or <c>deferred</c> (not sent: the host asked us to wait, or was busy).</param>
/// <param name="Bytes">Body bytes after decompression.</param>
/// <param name="Url">The source's address at the time.</param>
/// <param name="Filtered">Entries the source's keep/block rules dropped.</param>
internal sealed record FetchResponse(
    DateTimeOffset At, string Status, int? HttpStatus, long DurationMs, long Bytes, int Added, int Updated, string Url, string? Error, int Filtered)
{
    public static FetchResponse From(FetchLogEntry e) =>
        new(e.At, e.Status, e.HttpStatus, e.DurationMs, e.Bytes, e.Added, e.Updated, e.Url, e.Error, e.Filtered);
}
