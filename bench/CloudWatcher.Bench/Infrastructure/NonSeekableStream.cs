namespace CloudWatcher.Bench.Infrastructure;

/// <summary>A response body as the HTTP stack hands it over: no length, no seeking, reads of up to 16 KB.</summary>
internal sealed class NonSeekableStream : MemoryStream
{
    public NonSeekableStream(byte[] data) : base(data, writable: false) { }

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 16 * 1024));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 16 * 1024)]);
}
