using System.Text;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine.Writing;

/// <summary>The spool file format: events, calls and acknowledgements; torn lines; damage; one owner at a time.</summary>
public sealed class SpoolTests : IDisposable
{
    private static readonly LogDestination Destination = new("us-east-1", "http://user:secret@127.0.0.1:4566/", "/app/api", "web-1");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static PendingLogEvent Event(long n, string message) => new(n, 1_700_000_000_000 + n, message, LogWriteLimits.SizeOf(message));

    [Fact]
    public void EventsCallsAndAcknowledgementsReadBack()
    {
        var spool = new LogSpool(_temp.Path);
        var segment = spool.CreateSegment(Destination, 30);
        var messages = new[] { "plain", "line\nbreak \"quoted\" \\ back", "ünïcødé €😀", "{\"json\":true}" };
        for (var i = 0; i < messages.Length; i++)
        {
            segment.Append(Event(i, messages[i]));
        }
        segment.MarkSent(SequenceRanges.From(new long[] { 0, 1 }));
        segment.MarkAcknowledged(SequenceRanges.From(new long[] { 0, 1 }), 2);
        segment.MarkSent(SequenceRanges.From(new long[] { 2, 3 }));
        Assert.Equal(2, segment.Pending);
        segment.Dispose();

        var claimed = SpoolSegment.TryClaim(segment.Path, out var complete)!;
        using (claimed)
        {
            var index = SpoolSegmentReader.ReadIndex(claimed.Handle, complete, claimed.Path);
            Assert.Equal(Destination, index.Header!.Destination);
            Assert.Equal(30, index.Header.RetentionInDays);
            Assert.Equal(new long[] { 2, 3 }, index.Pending.Select(p => p.Sequence));
            var (mark, events) = Assert.Single(index.InDoubt());
            Assert.Equal("2-3", events.ToString());
            Assert.InRange(mark.SentAt, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var read = SpoolSegmentReader.ReadEvents(claimed.Handle, complete, claimed.Path, _ => true).ToList();
            Assert.Equal(messages, read.Select(e => e.Message));
            Assert.Equal(Enumerable.Range(0, 4).Select(i => 1_700_000_000_000L + i), read.Select(e => e.Timestamp));
        }
    }

    [Fact]
    public void TheSpoolHoldsNoCredentialsOnlyTheEndpointWithoutUserInformation()
    {
        var spool = new LogSpool(_temp.Path);
        var segment = spool.CreateSegment(Destination, null);
        segment.Append(Event(0, "hello"));
        segment.Dispose();
        var text = string.Join("\n", Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories).Select(f => ReadShared(f)));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user", text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:4566", text, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:4566", Destination.Endpoint);
    }

    [Fact]
    public void ATornLastLineIsIgnoredAndCutOffWhenTheFileIsTakenOver()
    {
        var spool = new LogSpool(_temp.Path);
        var segment = spool.CreateSegment(Destination, null);
        segment.Append(Event(0, "whole"));
        segment.Append(Event(1, "also whole"));
        var path = segment.Path;
        segment.Dispose();
        File.AppendAllText(path, "E 2 1700000000002 \"torn in the mid"); // the process died in the middle of a write

        var claimed = SpoolSegment.TryClaim(path, out var complete)!;
        using (claimed)
        {
            var index = SpoolSegmentReader.ReadIndex(claimed.Handle, complete, path);
            Assert.Equal(new long[] { 0, 1 }, index.Pending.Select(p => p.Sequence));
            claimed.MarkAcknowledged(SequenceRanges.From(new long[] { 0 }), 1); // appended on a line of its own
        }
        Assert.EndsWith("\nA 0\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("torn", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedLineIsReportedWithTheFileAndLineNeverSkipped()
    {
        var spool = new LogSpool(_temp.Path);
        var segment = spool.CreateSegment(Destination, null);
        segment.Append(Event(0, "fine"));
        var path = segment.Path;
        segment.Dispose();
        File.AppendAllText(path, "X what is this\nE 1 1700000000001 \"after\"\n");

        var claimed = SpoolSegment.TryClaim(path, out var complete)!;
        using (claimed)
        {
            var ex = Assert.Throws<CloudWatcherException>(() => SpoolSegmentReader.ReadIndex(claimed.Handle, complete, path));
            Assert.Equal("SpoolSegmentDamaged", ex.ErrorId);
            Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        var entry = Assert.Single(spool.List());
        Assert.Equal(1, entry.FilesDamaged);
    }

    [Fact]
    public void AFileHeldByItsWriterIsNeverTakenOverOrReadAsWaiting()
    {
        var spool = new LogSpool(_temp.Path);
        using var live = spool.CreateSegment(Destination, null);
        live.Append(Event(0, "live"));
        Assert.Null(SpoolSegment.TryClaim(live.Path, out _));
        var entry = Assert.Single(spool.List());
        Assert.Equal((1, 1, 0L), (entry.Files, entry.FilesInUse, entry.Events));

        live.Dispose();
        var after = Assert.Single(spool.List());
        Assert.Equal(0, after.FilesInUse);
        Assert.Equal(1, after.Events);
        using var claimed = SpoolSegment.TryClaim(live.Path, out _);
        Assert.NotNull(claimed);
        Assert.Null(SpoolSegment.TryClaim(live.Path, out _)); // and one resend at a time
    }

    [Fact]
    public void AFileIsDeletedOnceSealedAndEveryEventIsAcknowledged()
    {
        var spool = new LogSpool(_temp.Path);
        var segment = spool.CreateSegment(Destination, null);
        segment.Append(Event(0, "a"));
        segment.Append(Event(1, "b"));
        segment.MarkAcknowledged(SequenceRanges.From(new long[] { 0, 1 }), 2);
        Assert.False(segment.DeleteIfDone()); // not sealed: more may come
        segment.Seal();
        Assert.True(segment.DeleteIfDone());
        Assert.False(File.Exists(segment.Path));
        Assert.Empty(spool.List());
    }

    [Fact]
    public void DestinationsOfDifferentEndpointsOrRegionsHaveDifferentFolders()
    {
        var a = new LogDestination("us-east-1", null, "/g", "s");
        var b = new LogDestination("eu-west-1", null, "/g", "s");
        var c = new LogDestination("us-east-1", "http://127.0.0.1:1/", "/g", "s");
        var d = new LogDestination("US-EAST-1", null, "/g", "s");
        Assert.Equal(3, new[] { a.FolderName, b.FolderName, c.FolderName }.Distinct().Count());
        Assert.Equal(a.FolderName, d.FolderName);
        Assert.True(c.IsReachedBy("us-east-1", "http://127.0.0.1:1"));
        Assert.False(c.IsReachedBy("us-east-1", null));
        Assert.Matches("^[A-Za-z0-9._~-]+$", new LogDestination("us-east-1", null, "/a b/c:d*", "x/y\\z").FolderName);
    }

    [Fact]
    public void SequenceRangesParseMergeAndContain()
    {
        var ranges = SequenceRanges.TryParse("5-9,0-2,3,20")!;
        Assert.Equal("0-3,5-9,20", ranges.ToString());
        Assert.Equal(10, ranges.Count);
        Assert.True(ranges.Contains(9));
        Assert.False(ranges.Contains(4));
        Assert.False(ranges.Contains(10));
        Assert.Equal("0-9,20", ranges.Union(SequenceRanges.From(new long[] { 4 })).ToString());
        Assert.Null(SequenceRanges.TryParse("3-1"));
        Assert.Null(SequenceRanges.TryParse("a"));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
