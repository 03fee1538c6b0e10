using Aggregator.Parse;

namespace Aggregator.Tests.Parse;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Wed, 24 Nov 2021 06:30:00 +0000", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 01:30:00 EST", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 02:30:00 EDT", "2021-11-24T06:30:00Z")]
    [InlineData("Tue, 23 Nov 2021 22:30:00 PST", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 07:30:00 CET", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 06:30:00 GMT", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 07:30:00 GMT+1", "2021-11-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 08:30:00 +02:00", "2021-11-24T06:30:00Z")]
    [InlineData("24 Nov 21 06:30 Z", "2021-11-24T06:30:00Z")]
    [InlineData("Wednesday, 24 November 2021 06:30:00 UT", "2021-11-24T06:30:00Z")]
    [InlineData("Mi, 24 Dez 2021 06:30:00 +0000", "2021-12-24T06:30:00Z")]
    [InlineData("Wed, 24 Nov 2021 06:30:00", "2021-11-24T06:30:00Z")]
    [InlineData("2021-11-24T06:30:00Z", "2021-11-24T06:30:00Z")]
    [InlineData("2021-11-24T08:30:00+02:00", "2021-11-24T06:30:00Z")]
    [InlineData("2021-11-24T01:30:00.123-0500", "2021-11-24T06:30:00.123Z")]
    [InlineData("2021-11-24 06:30:00", "2021-11-24T06:30:00Z")]
    [InlineData("2021-11-24", "2021-11-24T00:00:00Z")]
    public void DateIsReadAsUtcWhateverItsForm(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(text));
        Assert.Equal(TimeSpan.Zero, FeedDates.Parse(text)!.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("32 Foo 2021")]
    public void UnreadableDateIsNull(string text)
    {
        Assert.Null(FeedDates.Parse(text));
    }
}
