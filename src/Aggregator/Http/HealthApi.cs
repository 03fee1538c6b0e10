using Aggregator.Store;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Http;

/// <summary><c>/health</c>: live, 200 when the database answers; <c>/health/ready</c>: and the scheduler runs.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Service").WithName("Health").WithSummary("200 when the service can serve");
        app.MapGet("/health/ready", ReadyAsync).WithTags("Service").WithName("Ready")
            .WithSummary("200 when the database answers and the scheduler is running; 503 otherwise");
        return app;
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> ReadyAsync(
        Database database, Quartz.ISchedulerFactory schedulers, CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        if (scheduler.Status != Quartz.SchedulerStatus.Running)
        {
            return TypedResults.Problem($"The scheduler is {scheduler.Status}, not running.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return await CheckAsync(database, ct);
    }

    private static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> CheckAsync(Database database, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sources");
            return TypedResults.Ok(new HealthResponse("ok"));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            return TypedResults.Problem($"The database cannot be read: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// <summary>The service's state.</summary>
internal sealed record HealthResponse(string Status);
