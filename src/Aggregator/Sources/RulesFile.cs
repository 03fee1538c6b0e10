using System.Text.Json;
using System.Text.Json.Serialization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Aggregator.Clean;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>
/// Reads the operators' site rules (<c>config/rules.json</c>): per host, a CSS selector for the
/// article and selectors for parts to drop. No file means no rules; anything wrong in the file
/// stops the start with a message naming the file, the line and the field.
/// </summary>
internal static class RulesFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SiteRules Load(string path)
    {
        if (!File.Exists(path))
        {
            return SiteRules.None;
        }

        var text = File.ReadAllText(path);
        FileModel? model;
        try
        {
            model = JsonSerializer.Deserialize<FileModel>(text, Json);
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" Path:", 2)[0].TrimEnd('.');
            throw new RulesFileException($"{path}, line {(e.LineNumber ?? 0) + 1}: {message} (at {e.Path})");
        }

        var lines = text.Split('\n');
        var rules = new List<SiteRule>();
        var entries = model?.Rules ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"{path}, line {LineOf(lines, entries[i].Host)}: rules[{i}]";
            var rule = Check(entries[i], where);
            if (rules.Any(r => r.Host == rule.Host))
            {
                throw new RulesFileException($"{where}.host: {rule.Host} has a rule already");
            }

            rules.Add(rule);
        }

        return new SiteRules(rules);
    }

    private static SiteRule Check(EntryModel entry, string where)
    {
        var host = entry.Host?.Trim().TrimEnd('.').ToLowerInvariant();
        if (string.IsNullOrEmpty(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw new RulesFileException($"{where}.host: '{entry.Host}' is not a host name like example.com");
        }

        if (entry.Content is null && (entry.Remove is null || entry.Remove.Count == 0))
        {
            throw new RulesFileException($"{where}: a rule needs \"content\", \"remove\" or both");
        }

        CheckSelector(entry.Content, $"{where}.content");
        var remove = entry.Remove ?? [];
        for (var i = 0; i < remove.Count; i++)
        {
            CheckSelector(remove[i] ?? string.Empty, $"{where}.remove[{i}]");
        }

        return new SiteRule(host, entry.Content?.Trim(), [.. remove.Select(s => s!.Trim())]);
    }

    // AngleSharp is the judge: a selector it cannot parse would fail on every page later.
    private static void CheckSelector(string? selector, string where)
    {
        if (selector is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(selector))
        {
            throw new RulesFileException($"{where}: an empty selector");
        }

        try
        {
            new HtmlParser().ParseDocument(string.Empty).QuerySelector(selector);
        }
        catch (DomException)
        {
            throw new RulesFileException($"{where}: '{selector}' is not a valid CSS selector");
        }
    }

    private static int LineOf(string[] lines, string? host)
    {
        var needle = host is null ? null : JsonSerializer.Serialize(host);
        return (needle is null ? -1 : Array.FindIndex(lines, l => l.Contains(needle, StringComparison.Ordinal))) + 1;
    }

    private sealed record FileModel(List<EntryModel>? Rules);

    private sealed record EntryModel(string? Host, string? Content, List<string?>? Remove);
}

/// <summary>Checks the rules file at start, so a bad one stops the service (and the CLI) with its one-line reason.</summary>
internal sealed class ValidateRulesFile : IValidateOptions<AggregatorOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        try
        {
            RulesFile.Load(options.RulesFile);
            return ValidateOptionsResult.Success;
        }
        catch (RulesFileException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}

/// <summary>The rules file cannot be used; the message says where and why.</summary>
internal sealed class RulesFileException(string message) : Exception(message);
