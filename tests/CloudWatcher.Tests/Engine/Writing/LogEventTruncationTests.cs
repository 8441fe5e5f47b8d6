using System.Text;
using CloudWatcher.Logs.Writing;

namespace CloudWatcher.Tests.Engine.Writing;

public sealed class LogEventTruncationTests
{
    [Fact]
    public void AMessageIsCutToTheLimitWithAMarkerThatSaysHowMuchWasCut()
    {
        var message = new string('x', 1_100_000);
        var cut = LogEventTruncation.Truncate(message, LogWriteLimits.MaxMessageBytes, out var removed);
        Assert.Equal(LogWriteLimits.MaxBytesPerCall, LogWriteLimits.SizeOf(cut));
        Assert.EndsWith($"…[truncated by CloudWatcher: {removed} bytes]", cut, StringComparison.Ordinal);
        Assert.Equal(message.Length, cut.Length - LogEventTruncation.Marker(removed).Length + removed);
        Assert.StartsWith(new string('x', 1000), cut, StringComparison.Ordinal);
    }

    [Fact]
    public void ACharacterIsNeverCutInHalf()
    {
        var message = new string('€', 400_000) + "😀😀";
        var cut = LogEventTruncation.Truncate(message, LogWriteLimits.MaxMessageBytes, out var removed);
        Assert.True(Encoding.UTF8.GetByteCount(cut) <= LogWriteLimits.MaxMessageBytes);
        Assert.DoesNotContain('\uFFFD', cut);
        Assert.Equal(Encoding.UTF8.GetByteCount(message), Encoding.UTF8.GetByteCount(cut) - Encoding.UTF8.GetByteCount(LogEventTruncation.Marker(removed)) + removed);
    }

    [Fact]
    public void AMessageWithinTheLimitIsKept()
    {
        Assert.Equal("short", LogEventTruncation.Truncate("short", 100, out var removed));
        Assert.Equal(0, removed);
    }
}
