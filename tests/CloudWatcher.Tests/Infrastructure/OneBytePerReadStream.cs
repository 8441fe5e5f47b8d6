namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// A read-only stream that hands out one byte per read (and yields before each asynchronous one), the worst a network
/// can do: every field of every frame is split across reads. Optionally, once the data is used up, it goes silent
/// instead of ending, like a live connection waiting for the next event.
/// </summary>
internal sealed class OneBytePerReadStream(byte[] data, bool silentAtEnd = false) : Stream
{
    private int _position;

    /// <summary>How many reads returned data.</summary>
    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position == data.Length || buffer.IsEmpty)
        {
            return 0;
        }
        buffer[0] = data[_position++];
        Reads++;
        return 1;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        if (_position == data.Length && silentAtEnd)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
