using System.CommandLine;
using Aggregator.Clean;
using Aggregator.Fetch;
using Aggregator.Sources;

namespace Aggregator.Cli;

/// <summary>
/// <c>extract &lt;file-or-url&gt;… [--url &lt;page-url&gt;] [--rules &lt;file&gt;]</c>: prints the article
/// the service would store for each page, with the configured site rules or, to try a rule
/// before saving it, with those of another file.
/// </summary>
internal static class ExtractCommand
{
    public static Command Create(IServiceProvider services)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "HTML files or http(s) URLs", Arity = ArgumentArity.OneOrMore };
        var url = new Option<string?>("--url") { Description = "The page's address, to resolve relative links when reading a file" };
        var rulesFile = new Option<string?>("--rules") { Description = "A site rules file to use instead of Aggregator:RulesFile" };
        var command = new Command("extract", "Extract the main article of pages and print it as JSON") { inputs, url, rulesFile };
        command.SetAction((result, ct) =>
        {
            var names = result.GetValue(inputs)!;
            Uri? pageUrl = null;
            if (result.GetValue(url) is { } given && (!Uri.TryCreate(given, UriKind.Absolute, out pageUrl) || pageUrl.Scheme is not ("http" or "https")))
            {
                Console.Error.WriteLine($"aggregator extract: --url '{given}' is not an absolute http(s) URL");
                return Task.FromResult(2);
            }

            var extractor = WithRulesFile(services.GetRequiredService<ArticleExtractor>(), result.GetValue(rulesFile));
            if (extractor is null)
            {
                return Task.FromResult(2);
            }

            return CliInputs.RunAsync("extract", names, services.GetRequiredService<FeedFetcher>(), input =>
            {
                var address = pageUrl ?? (input.Address.Scheme is "http" or "https" ? input.Address : null);
                var article = extractor.ExtractPage(BodyText.Decode(input.Bytes!, input.ContentType), address);
                return new ArticleOutput(article.Title, article.Author, article.Published, article.Text, article.Html);
            }, ct);
        });
        return command;
    }

    // --rules replaces the configured rules, so an operator sees what a rule would do before saving it.
    private static ArticleExtractor? WithRulesFile(ArticleExtractor configured, string? path)
    {
        if (path is null)
        {
            return configured;
        }

        try
        {
            return configured.WithRules(RulesFile.Load(File.Exists(path) ? path : throw new RulesFileException($"{path}: file not found")));
        }
        catch (RulesFileException e)
        {
            Console.Error.WriteLine($"aggregator extract: --rules {e.Message}");
            return null;
        }
    }

    /// <summary>The contract's shape of an extracted article.</summary>
    internal sealed record ArticleOutput(string? Title, string? Author, DateTimeOffset? Published, string Text, string Html);
}
