using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aggregator.Tests.Support;

/// <summary>A logger provider that keeps every line with the values of the scopes it was logged in.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>One logged line: category, message, and the named values of its scopes.</summary>
    public sealed record LogLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Scope);

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, string?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope(
                (value, values) =>
                {
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            values[key] = item?.ToString();
                        }
                    }
                },
                scope);
            owner.Lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), scope));
        }
    }
}
