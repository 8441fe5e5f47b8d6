using System.Buffers.Binary;
using System.Text;

namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// The headers block of a frame: each header is a one-byte name length, the UTF-8 name, a one-byte type and the
/// value (see <see cref="EventStreamHeaderType"/>). Decoding checks that every part lies inside the block; encoding
/// checks the format's limits.
/// </summary>
internal static class EventStreamHeaderCodec
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a whole headers block that starts at <paramref name="blockOffset"/> of the stream.</summary>
    public static List<EventStreamHeader> Decode(ReadOnlySpan<byte> block, long blockOffset)
    {
        var headers = new List<EventStreamHeader>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pos = 0;
        while (pos < block.Length)
        {
            var at = blockOffset + pos;
            int nameLength = block[pos++];
            if (nameLength == 0)
            {
                throw new EventStreamFormatException("a header name length is 0 (names are 1 to 255 bytes)", at);
            }
            if (nameLength > block.Length - pos)
            {
                throw new EventStreamFormatException(
                    $"a header name length of {nameLength} runs past the end of the headers block ({block.Length - pos} bytes left)", at);
            }
            var name = Text(block.Slice(pos, nameLength), "a header name", at);
            pos += nameLength;
            if (pos == block.Length)
            {
                throw new EventStreamFormatException($"header '{name}' has no value type: the headers block ends after its name", at);
            }
            var typeAt = blockOffset + pos;
            var type = block[pos++];
            var header = type switch
            {
                (byte)EventStreamHeaderType.BoolTrue => EventStreamHeader.FromBoolean(name, true),
                (byte)EventStreamHeaderType.BoolFalse => EventStreamHeader.FromBoolean(name, false),
                (byte)EventStreamHeaderType.Byte => EventStreamHeader.FromByte(name, (sbyte)Fixed(block, ref pos, 1, name, typeAt)[0]),
                (byte)EventStreamHeaderType.Short => EventStreamHeader.FromInt16(name, BinaryPrimitives.ReadInt16BigEndian(Fixed(block, ref pos, 2, name, typeAt))),
                (byte)EventStreamHeaderType.Integer => EventStreamHeader.FromInt32(name, BinaryPrimitives.ReadInt32BigEndian(Fixed(block, ref pos, 4, name, typeAt))),
                (byte)EventStreamHeaderType.Long => EventStreamHeader.FromInt64(name, BinaryPrimitives.ReadInt64BigEndian(Fixed(block, ref pos, 8, name, typeAt))),
                (byte)EventStreamHeaderType.ByteArray => EventStreamHeader.FromBytes(name, Variable(block, ref pos, name, typeAt).ToArray()),
                (byte)EventStreamHeaderType.String => EventStreamHeader.FromString(name, Text(Variable(block, ref pos, name, typeAt), $"the value of header '{name}'", typeAt)),
                (byte)EventStreamHeaderType.Timestamp => Timestamp(name, BinaryPrimitives.ReadInt64BigEndian(Fixed(block, ref pos, 8, name, typeAt)), typeAt),
                (byte)EventStreamHeaderType.Uuid => EventStreamHeader.FromUuid(name, new Guid(Fixed(block, ref pos, 16, name, typeAt), bigEndian: true)),
                _ => throw new EventStreamFormatException($"header '{name}' has the unknown value type {type} (known types are 0 to 9)", typeAt),
            };
            if (!seen.Add(name))
            {
                // Two :message-type headers would leave it to chance whether an exception is read as an event.
                throw new EventStreamFormatException($"header '{name}' appears more than once", at);
            }
            headers.Add(header);
        }
        return headers;
    }

    /// <summary>The size of the headers block for <paramref name="headers"/>; throws on what the format cannot carry.</summary>
    public static int Measure(IReadOnlyList<EventStreamHeader> headers)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long length = 0;
        foreach (var header in headers)
        {
            var nameLength = Encoding.UTF8.GetByteCount(header.Name);
            if (nameLength > EventStreamLimits.MaxHeaderNameLength)
            {
                throw new ArgumentException($"Header name '{header.Name}' is {nameLength} bytes of UTF-8; at most {EventStreamLimits.MaxHeaderNameLength} fit.", nameof(headers));
            }
            if (!seen.Add(header.Name))
            {
                throw new ArgumentException($"Header '{header.Name}' is given more than once.", nameof(headers));
            }
            length += 1 + nameLength + 1 + ValueLength(header);
        }
        if (length > EventStreamLimits.MaxHeadersLength)
        {
            throw new ArgumentException($"The headers take {length} bytes; at most {EventStreamLimits.MaxHeadersLength} fit in a frame.", nameof(headers));
        }
        return (int)length;
    }

    /// <summary>Writes the headers block (sized by <see cref="Measure"/>) into <paramref name="destination"/>.</summary>
    public static void Write(IReadOnlyList<EventStreamHeader> headers, Span<byte> destination)
    {
        var pos = 0;
        foreach (var header in headers)
        {
            var nameLength = Encoding.UTF8.GetBytes(header.Name, destination[(pos + 1)..]);
            destination[pos] = (byte)nameLength;
            pos += 1 + nameLength;
            destination[pos++] = (byte)header.Type;
            var value = destination[pos..];
            switch (header.Value)
            {
                case bool:
                    break;
                case sbyte b:
                    value[0] = (byte)b;
                    break;
                case short s:
                    BinaryPrimitives.WriteInt16BigEndian(value, s);
                    break;
                case int i:
                    BinaryPrimitives.WriteInt32BigEndian(value, i);
                    break;
                case long l:
                    BinaryPrimitives.WriteInt64BigEndian(value, l);
                    break;
                case byte[] bytes:
                    BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)bytes.Length);
                    bytes.CopyTo(value[2..]);
                    break;
                case string text:
                    BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)Encoding.UTF8.GetBytes(text, value[2..]));
                    break;
                case DateTime time:
                    BinaryPrimitives.WriteInt64BigEndian(value, (time.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond);
                    break;
                case Guid uuid:
                    uuid.TryWriteBytes(value, bigEndian: true, out _);
                    break;
            }
            pos += ValueLength(header);
        }
    }

    private static int ValueLength(EventStreamHeader header)
    {
        var length = header.Value switch
        {
            bool => 0,
            sbyte => 1,
            short => 2,
            int => 4,
            long or DateTime => 8,
            Guid => 16,
            byte[] bytes => bytes.Length,
            string text => Encoding.UTF8.GetByteCount(text),
            _ => throw new InvalidOperationException($"Header '{header.Name}' holds a {header.Value.GetType()}."),
        };
        if (header.Type is EventStreamHeaderType.ByteArray or EventStreamHeaderType.String)
        {
            if (length > EventStreamLimits.MaxHeaderValueLength)
            {
                throw new ArgumentException($"The value of header '{header.Name}' is {length} bytes; at most {EventStreamLimits.MaxHeaderValueLength} fit.", nameof(header));
            }
            length += 2;
        }
        return length;
    }

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> block, ref int pos, int length, string name, long typeAt)
    {
        if (length > block.Length - pos)
        {
            throw new EventStreamFormatException(
                $"the value of header '{name}' needs {length} bytes but the headers block has {block.Length - pos} left", typeAt);
        }
        var value = block.Slice(pos, length);
        pos += length;
        return value;
    }

    private static ReadOnlySpan<byte> Variable(ReadOnlySpan<byte> block, ref int pos, string name, long typeAt)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(Fixed(block, ref pos, 2, name, typeAt));
        if (length > block.Length - pos)
        {
            throw new EventStreamFormatException(
                $"the value length {length} of header '{name}' runs past the end of the headers block ({block.Length - pos} bytes left)", typeAt);
        }
        return Fixed(block, ref pos, length, name, typeAt);
    }

    private static EventStreamHeader Timestamp(string name, long milliseconds, long typeAt) =>
        EventStreamHeader.TryFromUnixMilliseconds(name, milliseconds, out var header)
            ? header
            : throw new EventStreamFormatException($"timestamp header '{name}' holds {milliseconds} ms, outside the years 1 to 9999", typeAt);

    private static string Text(ReadOnlySpan<byte> bytes, string what, long at)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new EventStreamFormatException($"{what} is not valid UTF-8", at);
        }
    }
}
