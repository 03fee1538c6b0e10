namespace Aggregator.Tests.Support;

/// <summary>A clock the test sets or moves: what the store and the schedulers read as now.</summary>
public sealed class ManualClock(DateTimeOffset now = default) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
