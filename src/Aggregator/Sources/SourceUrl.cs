namespace Aggregator.Sources;

/// <summary>The one spelling of a source's address that identity and uniqueness use.</summary>
internal static class SourceUrl
{
    /// <summary>An absolute http(s) URL without fragment, scheme and host lower-cased; null with a reason otherwise.</summary>
    public static Uri? Normalize(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "a URL is required";
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = $"'{Truncate(value)}' is not an absolute http or https URL";
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            error = "URLs with a user name or password are not supported";
            return null;
        }

        return new UriBuilder(uri) { Fragment = "" }.Uri;
    }

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200] + "…";
}
