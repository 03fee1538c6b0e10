namespace Aggregator.Parse;

/// <summary>The document is not a feed at all, or too broken to yield anything; the message is one human line.</summary>
internal sealed class FeedParseException : Exception
{
    public FeedParseException()
    {
    }

    public FeedParseException(string message)
        : base(message)
    {
    }

    public FeedParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
