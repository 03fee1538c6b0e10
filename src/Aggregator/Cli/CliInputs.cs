using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Fetch;

namespace Aggregator.Cli;

/// <summary>
/// What <c>parse</c> and <c>extract</c> share: reading each input (a file, or a URL through our
/// guarded fetcher) and printing one JSON document, or JSON Lines for several inputs.
/// </summary>
internal static class CliInputs
{
    private static readonly JsonSerializerOptions Single = ContractJson.Create(indented: true);
    private static readonly JsonSerializerOptions Lines = ContractJson.Create(indented: false);

    /// <summary>The bytes of one input, or a reason it could not be read.</summary>
    public sealed record Input(string Name, byte[]? Bytes, Uri Address, string? ContentType, string? Error);

    public static async Task<Input> ReadAsync(string input, FeedFetcher fetcher, CancellationToken ct)
    {
        if (Uri.TryCreate(input, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return await fetcher.FetchAsync(url, FetchValidators.None, ct) switch
            {
                FetchResult.Fetched f => new Input(input, f.Body, f.FinalUrl, f.ContentType, null),
                FetchResult.Failed failed => new Input(input, null, url, null, failed.Reason),
                FetchResult.Deferred deferred => new Input(input, null, url, null, deferred.Reason),
                _ => new Input(input, null, url, null, "the server answered 304 Not Modified to an unconditional request"),
            };
        }

        var path = Path.GetFullPath(input);
        try
        {
            return new Input(input, await File.ReadAllBytesAsync(path, ct), new Uri(path), null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Input(input, null, new Uri(path), null, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="process"/> on every input in order. One input: its JSON, or a one-line
    /// error on stderr. Several: JSON Lines, each with <c>input</c>. Non-zero exit if any failed.
    /// </summary>
    public static async Task<int> RunAsync<T>(
        string command, IReadOnlyList<string> inputs, FeedFetcher fetcher, Func<Input, T> process, CancellationToken ct)
    {
        var failures = 0;
        foreach (var name in inputs)
        {
            var input = await ReadAsync(name, fetcher, ct);
            string? error = input.Error;
            T? result = default;
            if (error is null)
            {
                try
                {
                    result = process(input);
                }
                catch (CliInputException e)
                {
                    error = e.Message;
                }
            }

            failures += error is null ? 0 : 1;
            if (inputs.Count == 1)
            {
                if (error is not null)
                {
                    await Console.Error.WriteLineAsync($"aggregator {command}: {name}: {error}");
                    return 1;
                }

                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, Single));
                return 0;
            }

            var line = error is null ? JsonSerializer.SerializeToNode(result, Lines)!.AsObject() : new JsonObject { ["error"] = error };
            line.Insert(0, "input", name);
            await Console.Out.WriteLineAsync(line.ToJsonString(Lines));
        }

        return failures == 0 ? 0 : 1;
    }
}

/// <summary>An input that was read but cannot be processed; the message is the one-line reason.</summary>
internal sealed class CliInputException(string message) : Exception(message);
