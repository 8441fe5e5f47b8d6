using System.Buffers.Binary;

namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// Encodes event-stream messages: what the emulator's StartLiveTail sends and what tests feed the reader. Headers
/// are written in the order given, so the bytes of a message are always the same.
/// </summary>
internal static class EventStreamEncoder
{
    public static byte[] Encode(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Encode(message.Headers, message.Payload.Span);
    }

    /// <summary>One frame; throws <see cref="ArgumentException"/> for what the format cannot carry (sizes, duplicate names).</summary>
    public static byte[] Encode(IReadOnlyList<EventStreamHeader> headers, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (payload.Length > EventStreamLimits.MaxPayloadLength)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; at most {EventStreamLimits.MaxPayloadLength} fit in a frame.", nameof(payload));
        }
        var headersLength = EventStreamHeaderCodec.Measure(headers);
        var frame = new byte[EventStreamLimits.MinFrameLength + headersLength + payload.Length];
        var span = frame.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], (uint)headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Crc32.Compute(span[..8]));
        EventStreamHeaderCodec.Write(headers, span.Slice(EventStreamLimits.PreludeLength, headersLength));
        payload.CopyTo(span[(EventStreamLimits.PreludeLength + headersLength)..]);
        var crcAt = frame.Length - 4;
        BinaryPrimitives.WriteUInt32BigEndian(span[crcAt..], Crc32.Compute(span[..crcAt]));
        return frame;
    }

    /// <summary>Encodes <paramref name="message"/> and writes it to <paramref name="stream"/> in one write.</summary>
    public static ValueTask WriteAsync(Stream stream, EventStreamMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.WriteAsync(Encode(message), cancellationToken);
    }
}
