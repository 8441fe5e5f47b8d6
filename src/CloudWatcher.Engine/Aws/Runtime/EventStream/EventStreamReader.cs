using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// Reads event-stream messages one at a time from a stream (an HTTP response body) as their bytes arrive: it never
/// asks the stream for more than the current frame still needs, so a message is returned as soon as it is complete.
/// Every frame is checked (prelude CRC, lengths, message CRC, headers) before anything in it is believed; a failure
/// is an <see cref="EventStreamFormatException"/> and ends the reader, since the format cannot be resynchronised.
/// One pooled buffer holds the current frame. Not thread-safe: one read at a time.
/// </summary>
internal sealed class EventStreamReader : IDisposable
{
    private const int InitialBufferLength = 16 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private long _position;
    private bool _reading;
    private bool _failed;
    private bool _disposed;

    public EventStreamReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferLength);
    }

    /// <summary>How many bytes of the stream have been read so far.</summary>
    public long Position => _position;

    /// <summary>
    /// The next message, or null when the stream ends cleanly between frames. A stream that ends inside a frame, or
    /// a frame that fails a check, throws <see cref="EventStreamFormatException"/>.
    /// </summary>
    public async ValueTask<EventStreamMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new InvalidOperationException("An earlier read of this event stream failed; the format cannot be resynchronised, so open a new stream.");
        }
        if (_reading)
        {
            throw new InvalidOperationException("An event stream is read one message at a time; a read is already in progress.");
        }
        _reading = true;
        try
        {
            var frameStart = _position;
            var got = await FillAsync(0, EventStreamLimits.PreludeLength, cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return null;
            }
            if (got < EventStreamLimits.PreludeLength)
            {
                throw new EventStreamFormatException(
                    $"truncated: the stream ended {got} bytes into the {EventStreamLimits.PreludeLength}-byte prelude of the frame that starts at byte {frameStart}", _position);
            }
            var (totalLength, headersLength) = CheckPrelude(_buffer, frameStart);
            if (_buffer.Length < totalLength)
            {
                var larger = ArrayPool<byte>.Shared.Rent(totalLength);
                _buffer.AsSpan(0, EventStreamLimits.PreludeLength).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            var rest = totalLength - EventStreamLimits.PreludeLength;
            got = await FillAsync(EventStreamLimits.PreludeLength, rest, cancellationToken).ConfigureAwait(false);
            if (got < rest)
            {
                throw new EventStreamFormatException(
                    $"truncated: the stream ended {EventStreamLimits.PreludeLength + got} bytes into the {totalLength}-byte frame that starts at byte {frameStart}", _position);
            }
            return Decode(_buffer.AsSpan(0, totalLength), headersLength, frameStart);
        }
        catch
        {
            _failed = true;
            throw;
        }
        finally
        {
            _reading = false;
        }
    }

    /// <summary>Every message until the stream ends cleanly.</summary>
    public async IAsyncEnumerable<EventStreamMessage> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Checks the prelude in the first 12 bytes of <paramref name="frame"/>; the lengths are trusted only after.</summary>
    private static (int TotalLength, int HeadersLength) CheckPrelude(ReadOnlySpan<byte> frame, long frameStart)
    {
        var expected = BinaryPrimitives.ReadUInt32BigEndian(frame[8..]);
        var actual = Crc32.Compute(frame[..8]);
        if (expected != actual)
        {
            throw new EventStreamFormatException(
                $"prelude CRC mismatch: the frame says 0x{expected:x8}, its first 8 bytes give 0x{actual:x8} (corrupt data, or not an event stream)", frameStart);
        }
        var total = BinaryPrimitives.ReadUInt32BigEndian(frame);
        var headers = BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        if (total < EventStreamLimits.MinFrameLength)
        {
            throw new EventStreamFormatException($"total length {total} is below the minimum frame length of {EventStreamLimits.MinFrameLength}", frameStart);
        }
        if (total > EventStreamLimits.MaxFrameLength)
        {
            throw new EventStreamFormatException($"total length {total} exceeds the maximum frame length of {EventStreamLimits.MaxFrameLength}", frameStart);
        }
        if (headers > total - EventStreamLimits.MinFrameLength)
        {
            throw new EventStreamFormatException($"headers length {headers} does not fit in a frame of total length {total}", frameStart + 4);
        }
        if (headers > EventStreamLimits.MaxHeadersLength)
        {
            throw new EventStreamFormatException($"headers length {headers} exceeds the maximum of {EventStreamLimits.MaxHeadersLength}", frameStart + 4);
        }
        if (total - EventStreamLimits.MinFrameLength - headers > EventStreamLimits.MaxPayloadLength)
        {
            throw new EventStreamFormatException(
                $"payload length {total - EventStreamLimits.MinFrameLength - headers} exceeds the maximum of {EventStreamLimits.MaxPayloadLength}", frameStart);
        }
        return ((int)total, (int)headers);
    }

    private static EventStreamMessage Decode(ReadOnlySpan<byte> frame, int headersLength, long frameStart)
    {
        var crcAt = frame.Length - 4;
        var expected = BinaryPrimitives.ReadUInt32BigEndian(frame[crcAt..]);
        var actual = Crc32.Compute(frame[..crcAt]);
        if (expected != actual)
        {
            throw new EventStreamFormatException(
                $"message CRC mismatch in the frame that starts at byte {frameStart}: the frame says 0x{expected:x8}, its bytes give 0x{actual:x8}", frameStart + crcAt);
        }
        var headers = EventStreamHeaderCodec.Decode(frame.Slice(EventStreamLimits.PreludeLength, headersLength), frameStart + EventStreamLimits.PreludeLength);
        var payload = frame[(EventStreamLimits.PreludeLength + headersLength)..crcAt].ToArray();
        return new EventStreamMessage(headers, payload);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes into the buffer at <paramref name="offset"/>, or fewer at the end of the stream.</summary>
    private async ValueTask<int> FillAsync(int offset, int count, CancellationToken cancellationToken)
    {
        var got = await _stream.ReadAtLeastAsync(_buffer.AsMemory(offset, count), count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        _position += got;
        return got;
    }
}
