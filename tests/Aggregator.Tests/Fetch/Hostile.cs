using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Aggregator.Tests.Fetch;

/// <summary>Handlers for <see cref="Support.FixtureServer"/> that misbehave the way real servers do.</summary>
internal static class Hostile
{
    public const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Plain</title><link>https://example.com/</link>
        <item><guid>one</guid><title>First</title><link>https://example.com/1</link><description>Hello</description></item>
        </channel></rss>
        """;

    public static Func<HttpContext, Task> Status(int code, Action<HttpContext>? headers = null) => context =>
    {
        context.Response.StatusCode = code;
        headers?.Invoke(context);
        return Task.CompletedTask;
    };

    public static Func<HttpContext, Task> Redirect(int code, string location) =>
        Status(code, c => c.Response.Headers.Location = location);

    public static Func<HttpContext, Task> Feed(string xml = Rss, string contentType = "application/rss+xml") => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(xml);
    };

    /// <summary>Writes zeros forever, until the client goes away.</summary>
    public static async Task EndlessAsync(HttpContext context)
    {
        context.Response.ContentType = "application/rss+xml";
        var chunk = new byte[64 * 1024];
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }

    /// <summary>One byte every <paramref name="pause"/>, forever: each read succeeds, the whole never ends.</summary>
    public static Func<HttpContext, Task> Drip(TimeSpan pause) => async context =>
    {
        context.Response.ContentType = "application/rss+xml";
        await context.Response.StartAsync(context.RequestAborted);
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.WriteAsync("<"u8.ToArray(), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(pause, context.RequestAborted);
        }
    };

    /// <summary>Never answers: waits until the client gives up.</summary>
    public static async Task HangAsync(HttpContext context) =>
        await Task.Delay(Timeout.Infinite, context.RequestAborted);

    /// <summary>Sends pre-compressed bytes with a Content-Encoding, as a server with a cache of compressed files does.</summary>
    public static Func<HttpContext, Task> Encoded(byte[] body, string encoding) => context =>
    {
        context.Response.ContentType = "application/rss+xml";
        context.Response.Headers.ContentEncoding = encoding;
        return context.Response.Body.WriteAsync(body).AsTask();
    };

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Brotli(byte[] data)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal))
        {
            brotli.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>gzip of <paramref name="megabytes"/> MB of zeros, written a chunk at a time: a few hundred KB on the wire.</summary>
    public static byte[] GzipBomb(int megabytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < megabytes; i++)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }

    public static byte[] Bytes(string text, Encoding encoding) => encoding.GetBytes(text);
}
