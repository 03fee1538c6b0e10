using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Aggregator.Http;

/// <summary>Our problem+json answers, each with a <c>detail</c> a person can act on.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Conflict(string detail, string title = "Already exists") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong API key");

    public static ProblemHttpResult Forbidden(string detail, string title = "Writes are disabled") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: title);

    /// <summary>Turns framework-level failures (unreadable JSON, bad route values) into our 400s.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.Exception is BadHttpRequestException bad)
        {
            context.ProblemDetails.Status = bad.StatusCode;
            context.ProblemDetails.Title = "The request is not valid";
            context.ProblemDetails.Detail = bad.InnerException is System.Text.Json.JsonException json
                ? $"The body is not valid JSON for this request: {json.Message}"
                : bad.Message;
        }
        else if (context.ProblemDetails.Status >= 500)
        {
            context.ProblemDetails.Detail ??= "The service failed while handling this request; it has been logged.";
        }
    }
}

/// <summary>Problem details shape for OpenAPI.</summary>
internal sealed class ApiProblem : ProblemDetails;
