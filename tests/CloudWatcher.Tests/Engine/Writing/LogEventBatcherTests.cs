using CloudWatcher.Logs.Writing;

namespace CloudWatcher.Tests.Engine.Writing;

/// <summary>The PutLogEvents limits, each at its edge, and the greedy cut in arrival order.</summary>
public sealed class LogEventBatcherTests
{
    private static readonly long T0 = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static List<LogEventBatch> Batch(IEnumerable<(long Timestamp, string Message)> input)
    {
        var batcher = new LogEventBatcher();
        var batches = new List<LogEventBatch>();
        long sequence = 0;
        foreach (var (timestamp, message) in input)
        {
            if (batcher.Push(new PendingLogEvent(sequence++, timestamp, message, LogWriteLimits.SizeOf(message))) is { } full)
            {
                batches.Add(full);
            }
        }
        if (batcher.Cut() is { } last)
        {
            batches.Add(last);
        }
        return batches;
    }

    [Fact]
    public void ExactlyTheByteLimitIsOneCallAndOneByteMoreIsTwo()
    {
        // Two events of 524,262 UTF-8 bytes: (524,262 + 26) * 2 = 1,048,576.
        var exact = Batch(new[] { (T0, new string('a', 524_262)), (T0 + 1, new string('b', 524_262)) });
        Assert.Single(exact);
        Assert.Equal(LogWriteLimits.MaxBytesPerCall, exact[0].Bytes);

        var over = Batch(new[] { (T0, new string('a', 524_262)), (T0 + 1, new string('b', 524_263)) });
        Assert.Equal(2, over.Count);
    }

    [Fact]
    public void BytesAreUtf8BytesPlus26()
    {
        Assert.Equal(26 + 3, LogWriteLimits.SizeOf("€"));
        Assert.Equal(26 + 4, LogWriteLimits.SizeOf("😀"));
        // 1,048,576 bytes of three-byte characters plus overhead: 174,762 events' worth would not fit 10,000 events, so
        // use few large ones: two events of 174,754 euro signs are 2 * (524,262 + 26) bytes, exactly the limit.
        var euros = new string('€', 174_754);
        Assert.Single(Batch(new[] { (T0, euros), (T0, euros) }));
        Assert.Equal(2, Batch(new[] { (T0, euros), (T0, euros + "x") }).Count);
    }

    [Fact]
    public void TenThousandEventsAreOneCallAndTenThousandAndOneAreTwo()
    {
        Assert.Single(Batch(Enumerable.Range(0, 10_000).Select(i => (T0 + i, "e"))));
        var two = Batch(Enumerable.Range(0, 10_001).Select(i => (T0 + i, "e")));
        Assert.Equal(new[] { 10_000, 1 }, two.Select(b => b.Count));
    }

    [Fact]
    public void ASpanOf24HoursIsOneCallAnd25HoursAreTwo()
    {
        const long hour = 3_600_000;
        Assert.Single(Batch(new[] { (T0, "first"), (T0 + 24 * hour, "last") }));
        Assert.Equal(2, Batch(new[] { (T0, "first"), (T0 + 24 * hour + 1, "last") }).Count);
        var spread = Batch(Enumerable.Range(0, 26).Select(h => (T0 + h * hour, $"hour {h}")));
        Assert.Equal(2, spread.Count);
        Assert.All(spread, b => Assert.InRange(b.LastTimestamp - b.FirstTimestamp, 0, LogWriteLimits.MaxSpanMilliseconds));
    }

    [Fact]
    public void UnsortedInputIsSortedWithinTheBatchKeepingArrivalOrderWithinAMillisecond()
    {
        var batches = Batch(new[] { (T0 + 5, "c"), (T0 + 1, "a1"), (T0 + 9, "d"), (T0 + 1, "a2"), (T0 + 3, "b") });
        var batch = Assert.Single(batches);
        Assert.Equal(new[] { "a1", "a2", "b", "c", "d" }, batch.Events.Select(e => e.Message));
        Assert.Equal("0-4", batch.Ranges.ToString());
    }

    [Fact]
    public void UnsortedInputIsCutWhenTheSpanWouldPass24Hours()
    {
        const long day = 24 * 3_600_000;
        // Newest first: the span counts the oldest and newest of the batch, whatever the arrival order.
        var batches = Batch(new[] { (T0 + day + 10, "late"), (T0 + 20, "early"), (T0 + 5, "earliest") });
        Assert.Equal(new[] { 2, 1 }, batches.Select(b => b.Count));
        Assert.Equal(new[] { "early", "late" }, batches[0].Events.Select(e => e.Message));
    }

    /// <summary>
    /// Each limit holds for any consecutive part of a batch that meets it, so a split where every cut is forced (the
    /// next event would break a limit) has the fewest batches of any split into consecutive runs.
    /// </summary>
    [Fact]
    public void EveryCutIsForcedByALimitSoSortedInputTakesTheFewestCalls()
    {
        var random = new Random(7);
        var time = T0;
        var input = Enumerable.Range(0, 40_000).Select(i =>
        {
            time += random.Next(0, 10_000);
            return (time, new string('x', random.Next(1, 400)));
        }).ToList();
        var batches = Batch(input);
        Assert.Equal(input.Count, batches.Sum(b => b.Count));
        for (var i = 0; i < batches.Count; i++)
        {
            var b = batches[i];
            Assert.InRange(b.Count, 1, LogWriteLimits.MaxEventsPerCall);
            Assert.InRange(b.Bytes, 1, LogWriteLimits.MaxBytesPerCall);
            Assert.InRange(b.LastTimestamp - b.FirstTimestamp, 0, LogWriteLimits.MaxSpanMilliseconds);
            if (i + 1 < batches.Count)
            {
                // Greedy: the next batch's first event would have broken a limit of this one.
                var next = batches[i + 1].Events[0];
                Assert.True(b.Count + 1 > LogWriteLimits.MaxEventsPerCall || b.Bytes + next.Size > LogWriteLimits.MaxBytesPerCall
                    || next.Timestamp - b.FirstTimestamp > LogWriteLimits.MaxSpanMilliseconds, $"batch {i} was cut early");
            }
        }
    }

    [Fact]
    public void AnEventLargerThanACallIsRefused()
    {
        var batcher = new LogEventBatcher();
        Assert.Throws<ArgumentException>(() => batcher.Add(new PendingLogEvent(0, T0, "x", LogWriteLimits.MaxBytesPerCall + 1)));
    }
}
