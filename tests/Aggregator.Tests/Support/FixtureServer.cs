using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving test pages and feeds, with <c>{{base}}</c> replaced by its
/// own origin. Static files answer conditional GETs with ETags; handlers can be added per path.
/// </summary>
public sealed class FixtureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _handlers = new();
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType)> _files = new();
    private readonly ConcurrentDictionary<string, int> _hits = new();

    private FixtureServer(WebApplication app) => _app = app;

    public Uri Base { get; private set; } = null!;

    public string Origin => Base.GetLeftPart(UriPartial.Authority);

    public static async Task<FixtureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FixtureServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Base = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Serves a file of <c>testdata/</c> at <paramref name="path"/>, with <c>{{base}}</c> replaced.</summary>
    public FixtureServer ServeFile(string path, string testdataFile, string contentType)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", testdataFile));
        return ServeText(path, text, contentType);
    }

    public FixtureServer ServeText(string path, string text, string contentType)
    {
        _files[path] = (Encoding.UTF8.GetBytes(text.Replace("{{base}}", Origin, StringComparison.Ordinal)), contentType);
        return this;
    }

    public FixtureServer Handle(string path, Func<HttpContext, Task> handler)
    {
        _handlers[path] = handler;
        return this;
    }

    public Uri Url(string path) => new(Base, path.TrimStart('/'));

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (_handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }

        if (!_files.TryGetValue(path, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var etag = $"\"{Convert.ToHexString(SHA256.HashData(file.Body), 0, 8)}\"";
        context.Response.Headers.ETag = etag;
        if (context.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            context.Response.StatusCode = 304;
            return;
        }

        context.Response.ContentType = file.ContentType;
        await context.Response.Body.WriteAsync(file.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
