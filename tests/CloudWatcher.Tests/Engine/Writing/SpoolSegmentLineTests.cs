using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine.Writing;

/// <summary>Event lines written through the spool file's reused line buffer read back exactly, whatever came before them.</summary>
public sealed class SpoolSegmentLineTests : IDisposable
{
    private static readonly LogDestination Destination = new("us-east-1", null, "/app/api", "web-1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LinesAfterALargeEventAndOddCharactersReadBackAsWritten()
    {
        var messages = new[]
        {
            "short",
            new string('x', 200_000), // over the kept buffer size: the buffer is let go after it
            "after the large one",
            "quotes \" backslash \\ tab \t newline \n unicode é 中 😀",
            "",
            "last",
        };
        var events = messages.Select((m, i) => new PendingLogEvent(i == 0 ? long.MaxValue - 10 : i, -62135596800000 + i, m, 26 + m.Length)).ToList();
        var spool = new LogSpool(_temp.Path);
        using var segment = spool.CreateSegment(Destination, null);
        foreach (var e in events)
        {
            segment.Append(e);
        }
        segment.MarkSent(SequenceRanges.From(new long[] { 1, 2 }));
        var read = SpoolSegmentReader.ReadEvents(segment.Handle, segment.Length, segment.Path, _ => true).ToList();
        Assert.Equal(events.Select(e => (e.Sequence, e.Timestamp, e.Message)), read.Select(e => (e.Sequence, e.Timestamp, e.Message)));
    }
}
