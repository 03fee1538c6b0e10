using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregator.Http;
using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>
/// <c>PATCH /api/sources/{id}</c>: changes the settings of a source added through the API. A key left
/// out keeps its value, a key set to null clears it. Sources of the config file are changed in the
/// file, which is the truth for them: patching one is a 409 naming the file.
/// </summary>
internal static class SourcePatchApi
{
    // Names as the contract spells them, and nothing else: a misspelt key is an error, not a silent no-op.
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<Results<Ok<SourceResponse>, ProblemHttpResult>> PatchAsync(
        long id, HttpRequest http, SourceStore sources, FetchScheduler scheduler, IOptions<AggregatorOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        if (await sources.GetAsync(id, ct) is not { } source)
        {
            return Problems.NotFound($"There is no source {id}.");
        }

        if (source.Origin != "api")
        {
            return Problems.Conflict(
                $"Source {id} is defined in {options.Value.SourcesFile}; change it there (the file is reloaded when saved).",
                "Defined in the sources file");
        }

        JsonElement body;
        PatchSourceRequest patch;
        try
        {
            body = await http.ReadFromJsonAsync<JsonElement>(ct);
            patch = body.ValueKind == JsonValueKind.Object ? body.Deserialize<PatchSourceRequest>(Strict)! : null!;
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The body is not valid JSON for this request: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            return Problems.BadRequest("The body must be JSON, sent with Content-Type: application/json.");
        }

        if (patch is null)
        {
            return Problems.BadRequest("The body must be a JSON object of the settings to change, like {\"category\": \"News/World\"}.");
        }

        var (definition, error) = Merge(source, patch, name => body.TryGetProperty(name, out _), options.Value.DefaultIntervalMinutes);
        if (definition is null)
        {
            return Problems.BadRequest($"{error}.");
        }

        if (!await sources.UpdateAsync(id, definition, ct))
        {
            return Problems.NotFound($"There is no API source {id} (it was deleted or moved into the sources file meanwhile).");
        }

        if (definition.Enabled && !source.Enabled)
        {
            await scheduler.ScheduleAsync(id, clock.GetUtcNow(), ct);
        }
        else if (!definition.Enabled && source.Enabled)
        {
            await scheduler.RemoveAsync(id, ct);
        }

        return await sources.GetAsync(id, ct) is { } changed
            ? TypedResults.Ok(SourceResponse.From(changed))
            : Problems.NotFound($"There is no source {id}: it was deleted meanwhile.");
    }

    /// <summary>The source with the keys the patch names replaced, checked as a whole.</summary>
    private static (SourceDefinition? Definition, string? Error) Merge(Source source, PatchSourceRequest patch, Func<string, bool> has, int defaultInterval)
    {
        var current = source.Settings;
        var title = has("title") ? patch.Title?.Trim() : source.Title;
        if (title is { Length: > 500 })
        {
            return (null, "title: longer than 500 characters");
        }

        var interval = has("intervalMinutes") ? patch.IntervalMinutes ?? defaultInterval : source.IntervalMinutes;
        if (interval is < 1 or > 10080)
        {
            return (null, $"intervalMinutes: {interval} is outside 1–10080");
        }

        if (has("enabled") && patch.Enabled is null)
        {
            return (null, "enabled: must be true or false");
        }

        var fullPage = source.FullPage;
        if (has("fullPage") && !FullPageModes.TryParse(patch.FullPage, out fullPage))
        {
            return (null, $"fullPage: '{patch.FullPage}' is not {FullPageModes.Allowed}");
        }

        var retention = new RetentionLimits(
            has("retentionMaxAgeDays") ? patch.RetentionMaxAgeDays : source.Retention.MaxAgeDays,
            has("retentionMaxItems") ? patch.RetentionMaxItems : source.Retention.MaxItems);
        if (retention.Check() is { } retentionError)
        {
            return (null, retentionError);
        }

        var settings = SourceSettingsParser.Parse(new SourceSettingsInput(
            has("category") ? patch.Category : current.Category,
            has("tags") ? patch.Tags : current.Tags,
            has("minIntervalMinutes") ? patch.MinIntervalMinutes : current.MinIntervalMinutes,
            has("maxIntervalMinutes") ? patch.MaxIntervalMinutes : current.MaxIntervalMinutes,
            has("filters") ? patch.Filters : [.. current.Filters.Select(AsInput)]), out var settingsError);
        return settings is null
            ? (null, settingsError!.ToString())
            : (new SourceDefinition(source.Url, title, interval, patch.Enabled ?? source.Enabled, fullPage) { Settings = settings, Retention = retention }, null);
    }

    private static FilterRuleInput AsInput(FilterRule rule) => new(
        rule.Action.ToString().ToLowerInvariant(), rule.Field.ToString().ToLowerInvariant(), rule.Words?.ToList(), rule.Regex);
}

/// <summary>Body of <c>PATCH /api/sources/{id}</c>: only the keys to change; null clears a setting (tags and filters become empty).</summary>
/// <param name="IntervalMinutes">null restores the service default.</param>
/// <param name="Filters">Replaces the whole list of keep/block rules.</param>
/// <param name="RetentionMaxAgeDays">The source's own maximum item age in days (0: none); null follows the global setting.</param>
/// <param name="RetentionMaxItems">The source's own maximum item count (0: none); null follows the global setting.</param>
internal sealed record PatchSourceRequest(
    string? Title = null,
    int? IntervalMinutes = null,
    bool? Enabled = null,
    string? FullPage = null,
    string? Category = null,
    List<string>? Tags = null,
    int? MinIntervalMinutes = null,
    int? MaxIntervalMinutes = null,
    List<FilterRuleInput>? Filters = null,
    int? RetentionMaxAgeDays = null,
    int? RetentionMaxItems = null);
