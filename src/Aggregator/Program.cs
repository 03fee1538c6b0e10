using Aggregator;
using Aggregator.Cli;
using Aggregator.Http;
using Aggregator.Publish;
using Aggregator.Query;
using Aggregator.Retention;
using Aggregator.Schedule;
using Aggregator.Sources;
using Aggregator.Store;
using Quartz;
using Scalar.AspNetCore;

// `parse`, `extract`: the same stages from the command line, no web host.
if (CliApp.IsCommand(args))
{
    return await CliApp.RunAsync(args);
}

// No reloading of appsettings on change (nothing here reads options as they change): the watcher
// watches the whole content root, the database folder with it, so every write of the WAL woke a
// thread to read its change events (about 6 % of the CPU of a 10,000-source refresh cycle). Given
// first, so an operator's own --hostBuilder:reloadConfigOnChange still wins.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

// Sources → Fetch → Parse → Clean → Store: shared with the CLI.
builder.Services.AddPipeline();

// Schedule: one Quartz job per source; the schedule's truth is the sources table.
builder.Services.AddSingleton<FetchScheduler>();
builder.Services.AddSingleton<SourceRefresher>();
builder.Services.AddSingleton<SourceSubscriber>();
builder.Services.AddSingleton<OpmlImport>();
builder.Services.AddHostedService<ScheduleStartup>(); // before Quartz starts: migrate, sync config, schedule
builder.Services.AddHostedService<SourcesFileWatcher>();
builder.Services.AddRetention(); // its job, scheduled before Quartz starts
var concurrency = builder.Configuration.GetValue($"{AggregatorOptions.Section}:{nameof(AggregatorOptions.MaxConcurrentFetches)}", 8);
builder.Services.AddQuartz(quartz =>
{
    // Quartz keeps schedulers in a process-wide registry by name; one name per host keeps test hosts apart.
    quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = $"aggregator-{Guid.NewGuid():N}");
    quartz.UseInMemoryStore();
    quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Clamp(concurrency, 1, 256));
});
builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);

// Publish: channels, merged feeds (cached, compressed), WebSub pings.
builder.Services.AddPublishing();

// HTTP: problem+json for every error, OpenAPI, contract JSON.
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.Customize);
// Kestrel's 8 KB request line refused an analyst's longer SQL or search (with an empty 414) long before
// the endpoints' own bounds (SQL 100,000 characters), which answer with a problem that says so. Room for
// the longest SQL percent-encoded (up to three bytes a character) and its other parameters.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = (3 * SqlApi.MaxSqlLength) + (16 * 1024));
// Unreadable bodies and parameters throw, so they reach the exception handler and get a problem+json with a detail.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options => ContractJson.Configure(options.SerializerOptions));
builder.Services.AddOpenApi(options => options.AddOperationTransformer(QueryParameterDocs.DescribeAsync));

var app = builder.Build();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseResponseCompression();

app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapHealth();
app.MapMetrics();
app.MapSources();
app.MapItems();
app.MapExport();
app.MapStats();
app.MapRetention();
app.MapSql();
app.MapFeeds();
app.MapHome();
app.MapOperators();

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is SourceConfigException or ChannelConfigException or RulesFileException or Microsoft.Extensions.Options.OptionsValidationException)
{
    // Bad configuration: one line naming the setting or file, and a non-zero exit.
    await Console.Error.WriteLineAsync($"aggregator: cannot start: {e.Message}");
    return 1;
}
