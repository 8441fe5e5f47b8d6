using CloudWatcher.IO;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine;

public sealed class AtomicFileTests
{
    [Fact]
    public void AFailureMidwayLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDirectory();
        var target = dir.File("data.csv");
        File.WriteAllText(target, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, overwrite: true, stream =>
        {
            stream.Write(new byte[10_000]);
            throw new InvalidOperationException("disk full, say");
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void AFailedFirstWriteLeavesNoFileAtAll()
    {
        using var dir = new TempDirectory();
        var target = dir.File("new.json");
        var error = Assert.Throws<CloudWatcherException>(() => AtomicFile.Write(target, overwrite: false, _ => throw new IOException("broken pipe")));
        Assert.Equal("FileWriteFailed", error.ErrorId);
        Assert.Contains(target, error.Message); // the file asked for, never the temporary one
        Assert.DoesNotContain(".tmp", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void ExistingFilesAreKeptWithoutOverwrite()
    {
        using var dir = new TempDirectory();
        var target = dir.File("x.csv");
        File.WriteAllText(target, "keep");
        var ex = Assert.Throws<FileExistsException>(() => AtomicFile.Write(target, overwrite: false, s => s.WriteByte(1)));
        Assert.Contains("-Force", ex.Message);
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public async Task AnAsyncWriterCancelledMidwayLeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDirectory();
        var target = dir.File("events.log");
        File.WriteAllText(target, "old");
        using var cancellation = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(target, overwrite: true, async stream =>
        {
            stream.Write(new byte[100_000]);
            cancellation.Cancel();
            await Task.Delay(Timeout.Infinite, cancellation.Token);
        }));
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(dir.Path));

        await AtomicFile.WriteAsync(target, overwrite: true, async stream =>
        {
            await stream.WriteAsync("new"u8.ToArray());
        });
        Assert.Equal("new", File.ReadAllText(target));
    }
}
