using System.Xml;
using Aggregator.Http;
using Aggregator.Schedule;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>OPML export and import over HTTP.</summary>
internal static class OpmlApi
{
    private const long MaxImportBytes = 10 * 1024 * 1024;

    public static async Task<IResult> ExportAsync(SourceStore sources, TimeProvider clock, CancellationToken ct)
    {
        var document = Opml.Write(await sources.ListAsync(ct), clock.GetUtcNow());
        using var buffer = new MemoryStream();
        await using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Async = true, Indent = true }))
        {
            await document.SaveAsync(writer, ct);
        }

        return TypedResults.File(buffer.ToArray(), "text/x-opml; charset=utf-8", "sources.opml");
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, SourceStore sources, FetchScheduler scheduler, IOptions<AggregatorOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return Problems.BadRequest($"The OPML document is larger than {MaxImportBytes} bytes.");
        }

        IReadOnlyList<Opml.Outline> outlines;
        try
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            body.Position = 0;
            outlines = Opml.Read(body);
        }
        catch (XmlException e)
        {
            return Problems.BadRequest($"The body is not an OPML document: {e.Message}");
        }

        int added = 0, skipped = 0, invalid = 0;
        foreach (var outline in outlines)
        {
            var url = SourceUrl.Normalize(outline.Url, out _);
            if (url is null)
            {
                invalid++;
                continue;
            }

            // A category or tag we cannot use is left out; the feed itself is still worth adding.
            var settings = SourceSettingsParser.Parse(new SourceSettingsInput(outline.Category, outline.Tags, null, null, null), out _)
                ?? SourceSettingsParser.Parse(new SourceSettingsInput(outline.Category, null, null, null, null), out _)
                ?? SourceSettings.None;
            var definition = new SourceDefinition(url.AbsoluteUri, outline.Title, options.Value.DefaultIntervalMinutes, true) { Settings = settings };
            var source = await sources.AddAsync(definition, ct);
            if (source is null)
            {
                skipped++;
                continue;
            }

            await scheduler.ScheduleAsync(source.Id, clock.GetUtcNow(), ct);
            added++;
        }

        return TypedResults.Ok(new ImportResponse(added, skipped, invalid));
    }
}

/// <summary>Counts of outlines added, already present, and not an http(s) URL.</summary>
internal sealed record ImportResponse(int Added, int Skipped, int Invalid);
