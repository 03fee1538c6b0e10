using System.Xml;
using Aggregator.Http;
using Aggregator.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Sources;

/// <summary>OPML export and import over HTTP.</summary>
internal static class OpmlApi
{
    private const long MaxImportBytes = 10 * 1024 * 1024;

    public static async Task<IResult> ExportAsync(SourceStore sources, TimeProvider clock, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await Opml.SaveAsync(Opml.Write(await sources.ListAsync(ct), clock.GetUtcNow()), buffer, ct);
        return TypedResults.File(buffer.ToArray(), "text/x-opml; charset=utf-8", "sources.opml");
    }

    public static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, OpmlImport import, CancellationToken ct)
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

        var report = await import.ImportAsync(outlines, dryRun: false, progress: null, ct);
        return TypedResults.Ok(new ImportResponse(report.Added, report.Skipped, report.Invalid.Count));
    }
}

/// <summary>Counts of outlines added, already present, and not an http(s) URL.</summary>
internal sealed record ImportResponse(int Added, int Skipped, int Invalid);
