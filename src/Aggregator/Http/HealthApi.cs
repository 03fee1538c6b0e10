using Aggregator.Store;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Aggregator.Http;

/// <summary><c>/health</c>: 200 when the database answers.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Service").WithName("Health").WithSummary("200 when the service can serve");
        return app;
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
