using Aggregator.Store;
using Microsoft.Extensions.Options;

namespace Aggregator.Sources;

/// <summary>The keep/block rules of <c>Aggregator:Filters</c>, which apply to every source.</summary>
internal static class GlobalFilters
{
    public const string Setting = "Aggregator:Filters";

    public static IReadOnlyList<FilterRule> Parse(AggregatorOptions options, out SettingsError? error)
    {
        error = null;
        var inputs = options.Filters.Select(f => new FilterRuleInput(f.Action, f.Field, f.Words, f.Regex)).ToList();
        return SourceSettingsParser.Rules(inputs, Setting, ref error);
    }
}

/// <summary>Stops the start on a global rule that cannot be used, naming it (<c>Aggregator:Filters[0].regex: …</c>).</summary>
internal sealed class ValidateGlobalFilters : IValidateOptions<AggregatorOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        GlobalFilters.Parse(options, out var error);
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error.ToString());
    }
}
