using Aggregator.Schedule;
using Aggregator.Store;
using Aggregator.Tests.Support;
using Microsoft.Extensions.Options;

namespace Aggregator.Tests.Schedule;

public sealed class FetchPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static FetchPlanner Planner(int min = 5, int max = 1440) =>
        new(Options.Create(new AggregatorOptions { MinIntervalMinutes = min, MaxIntervalMinutes = max }), new ManualClock(Now));

    [Fact]
    public void FailuresBackOffExponentiallyWithJitterUpToTheCap()
    {
        var planner = Planner();
        var waits = Enumerable.Range(1, 12).Select(n => (planner.AfterFailure(60, n) - Now).TotalMinutes).ToArray();

        Assert.InRange(waits[0], 48, 72);
        Assert.InRange(waits[1], 96, 144);
        Assert.InRange(waits[2], 192, 288);
        Assert.All(waits[5..], w => Assert.InRange(w, 1152, 1440));
    }

    [Fact]
    public void ARetryAfterLongerThanTheBackoffWins() =>
        Assert.Equal(Now.AddHours(6), Planner().AfterFailure(60, 1, TimeSpan.FromHours(6)));

    [Fact]
    public void FeedHintsStretchTheIntervalButNeverShrinkItAndStayWithinTheBounds()
    {
        var planner = Planner(max: 600);

        Assert.Equal(180, planner.IntervalAfterSuccess(60, TimeSpan.FromMinutes(180), null));
        Assert.Equal(60, planner.IntervalAfterSuccess(60, TimeSpan.FromMinutes(10)));
        Assert.Equal(600, planner.IntervalAfterSuccess(60, TimeSpan.FromDays(7)));
        Assert.Equal(5, planner.IntervalAfterSuccess(1));
    }

    [Fact]
    public void ADailyFeedIsPolledAboutEverySixHoursAndAQuietOneRarely()
    {
        var planner = Planner();
        var daily = Enumerable.Range(0, 10).Select(d => (DateTimeOffset?)Now.AddDays(-d).AddHours(-1));
        var quiet = new DateTimeOffset?[] { Now.AddDays(-40), Now.AddDays(-41), null };

        Assert.Equal(TimeSpan.FromHours(6), planner.PublishingRhythm(daily));
        Assert.Equal(TimeSpan.FromDays(10), planner.PublishingRhythm(quiet));
        Assert.Null(planner.PublishingRhythm([Now.AddDays(-1)]));
        Assert.Equal(1440, planner.IntervalAfterSuccess(60, planner.PublishingRhythm(quiet)));
    }

    [Fact]
    public void ASourcesOwnBoundsClampThePlannedIntervalWithinTheGlobalOnes()
    {
        var planner = Planner(min: 5, max: 600);
        var atMost30 = new SourceSettings { MaxIntervalMinutes = 30 };
        var atLeast120 = new SourceSettings { MinIntervalMinutes = 120 };
        var outside = new SourceSettings { MinIntervalMinutes = 1, MaxIntervalMinutes = 5000 };

        Assert.Equal(30, planner.IntervalAfterSuccess(60, atMost30, TimeSpan.FromDays(7)));
        Assert.Equal(120, planner.IntervalAfterSuccess(60, atLeast120));
        Assert.Equal(180, planner.IntervalAfterSuccess(60, atLeast120, TimeSpan.FromMinutes(180)));
        Assert.Equal((5, 600), planner.Bounds(outside));
        Assert.Equal(5, planner.IntervalAfterSuccess(1, outside));
        Assert.All(Enumerable.Range(1, 10), n => Assert.InRange((planner.AfterFailure(60, n, null, atMost30) - Now).TotalMinutes, 24, 30));
    }
}
