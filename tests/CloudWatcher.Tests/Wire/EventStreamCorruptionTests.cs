using System.Buffers.Binary;
using CloudWatcher.Aws.Runtime.EventStream;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// Damaged event streams: each check of the reader, reached on purpose (CRCs recomputed where the damage must get
/// past them), fails with an <see cref="EventStreamFormatException"/> that names the check and the byte.
/// A good frame goes first, so the offsets are of the stream, not of the frame.
/// </summary>
public sealed class EventStreamCorruptionTests
{
    // Headers block from byte 12: ":message-type" (name length at 12, type at 26, value length at 27) then
    // ":event-type" (name length at 34, type at 46, value length at 47, "sessionUpdate" at 49); payload from 62.
    private const int SecondHeader = 34;
    private const int SecondType = 46;
    private const int SecondValue = 49;
    private const int PayloadStart = 62;

    private static readonly byte[] Good = EventStreamEncoder.Encode([EventStreamHeader.FromString("first", "ok")], "fine"u8);

    private static byte[] Frame() => EventStreamEncoder.Encode(
        [EventStreamHeader.FromString(":message-type", "event"), EventStreamHeader.FromString(":event-type", "sessionUpdate")],
        "{\"sessionResults\":[]}"u8);

    /// <summary>Recomputes both CRCs after a deliberate change, so the reader gets as far as the damage.</summary>
    private static byte[] WithValidCrcs(byte[] frame)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.Compute(frame.AsSpan(0, 8)));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(frame.Length - 4), Crc32.Compute(frame.AsSpan(0, frame.Length - 4)));
        return frame;
    }

    /// <summary>A frame around a hand-made headers block.</summary>
    private static byte[] WithHeadersBlock(params byte[] block)
    {
        var frame = new byte[16 + block.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)block.Length);
        block.CopyTo(frame, 12);
        return WithValidCrcs(frame);
    }

    /// <summary>A 12-byte prelude with a valid CRC and whatever lengths it is given.</summary>
    private static byte[] Prelude(uint total, uint headers)
    {
        var prelude = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(prelude, total);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(4), headers);
        BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), Crc32.Compute(prelude.AsSpan(0, 8)));
        return prelude;
    }

    private static async Task<(EventStreamFormatException Error, long Position)> ReadAfterAGoodFrame(byte[] damaged)
    {
        using var reader = new EventStreamReader(new MemoryStream([.. Good, .. damaged]));
        Assert.Equal("ok", (await reader.ReadAsync())!.GetString("first"));
        var error = await Assert.ThrowsAsync<EventStreamFormatException>(() => reader.ReadAsync().AsTask());
        return (error, reader.Position);
    }

    private static async Task Fails(byte[] damaged, string problem, int offsetInFrame)
    {
        var (error, _) = await ReadAfterAGoodFrame(damaged);
        Assert.Contains(problem, error.Message);
        Assert.Contains($"at byte {Good.Length + offsetInFrame}:", error.Message);
        Assert.Equal(Good.Length + offsetInFrame, error.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)] // total length
    [InlineData(5)] // headers length
    [InlineData(9)] // the CRC itself
    public async Task AFlippedPreludeByteIsAPreludeCrcMismatch(int index)
    {
        var frame = Frame();
        frame[index] ^= 0x10;
        await Fails(frame, "prelude CRC mismatch", 0);
    }

    [Theory]
    [InlineData(SecondValue)] // a header value
    [InlineData(PayloadStart)] // the payload
    [InlineData(-1)] // the message CRC itself
    public async Task AFlippedByteAfterThePreludeIsAMessageCrcMismatch(int index)
    {
        var frame = Frame();
        frame[index < 0 ? frame.Length + index : index] ^= 0x01;
        await Fails(frame, "message CRC mismatch", frame.Length - 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(PayloadStart)]
    [InlineData(-1)]
    public async Task AStreamThatEndsInsideAFrameIsTruncatedNotAnEnd(int cut)
    {
        var frame = Frame();
        var length = cut < 0 ? frame.Length + cut : cut;
        await Fails(frame[..length], "truncated", length);
    }

    [Theory]
    [InlineData(uint.MaxValue)]
    [InlineData(int.MaxValue)]
    [InlineData(16u + (128 * 1024) + (16 * 1024 * 1024) + 1)] // one byte over 16 MiB of payload and 128 KiB of headers
    public async Task AnAbsurdTotalLengthIsRefusedBeforeAnythingIsReadOrAllocatedForIt(uint total)
    {
        var (error, position) = await ReadAfterAGoodFrame([.. Prelude(total, 0), .. new byte[64]]);
        Assert.Contains($"total length {total} exceeds the maximum frame length", error.Message);
        Assert.Equal(Good.Length, error.Offset);
        Assert.Equal(Good.Length + 12, position); // nothing past the prelude was asked for
    }

    [Fact]
    public async Task ATotalLengthBelowSixteenIsRefused() =>
        await Fails(Prelude(15, 0), "total length 15 is below the minimum frame length of 16", 0);

    [Fact]
    public async Task AHeadersLengthThatDoesNotFitTheFrameIsRefused()
    {
        var frame = Frame();
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)frame.Length - 15);
        await Fails(WithValidCrcs(frame), $"headers length {frame.Length - 15} does not fit in a frame of total length {frame.Length}", 4);
    }

    [Fact]
    public async Task AHeadersBlockOverTheMaximumIsRefused()
    {
        var (error, position) = await ReadAfterAGoodFrame(Prelude(16 + 200_000, 200_000));
        Assert.Contains("headers length 200000 exceeds the maximum of 131072", error.Message);
        Assert.Equal(Good.Length + 12, position);
    }

    [Fact]
    public async Task AHeaderValueLengthPastTheHeadersBlockIsRefused()
    {
        // One more than "sessionUpdate": the last byte would come from the payload.
        var frame = Frame();
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(SecondType + 1), 14);
        await Fails(WithValidCrcs(frame), "the value length 14 of header ':event-type' runs past the end of the headers block", SecondType);
    }

    [Fact]
    public async Task AHeaderNameLengthPastTheHeadersBlockIsRefused()
    {
        var frame = Frame();
        frame[SecondHeader] = 200;
        await Fails(WithValidCrcs(frame), "a header name length of 200 runs past the end of the headers block", SecondHeader);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(255)]
    public async Task AnUnknownHeaderTypeIsRefused(byte type)
    {
        var frame = Frame();
        frame[SecondType] = type;
        await Fails(WithValidCrcs(frame), $"header ':event-type' has the unknown value type {type}", SecondType);
    }

    [Fact]
    public async Task AFixedSizeValueCutOffByTheEndOfTheBlockIsRefused() =>
        await Fails(WithHeadersBlock(1, (byte)'n', 5, 0, 0, 0), "the value of header 'n' needs 8 bytes but the headers block has 3 left", 14);

    [Fact]
    public async Task AHeaderWithoutAValueTypeIsRefused() =>
        await Fails(WithHeadersBlock(1, (byte)'n'), "header 'n' has no value type", 12);

    [Fact]
    public async Task AnEmptyHeaderNameIsRefused() =>
        await Fails(WithHeadersBlock(0, 0), "a header name length is 0", 12);

    [Fact]
    public async Task ARepeatedHeaderIsRefused() =>
        await Fails(WithHeadersBlock(1, (byte)'d', 0, 1, (byte)'d', 1), "header 'd' appears more than once", 15);

    [Fact]
    public async Task TextThatIsNotUtf8IsRefused()
    {
        var frame = Frame();
        frame[SecondValue] = 0xFF;
        await Fails(WithValidCrcs(frame), "the value of header ':event-type' is not valid UTF-8", SecondType);
    }

    [Fact]
    public async Task ATimestampNoDateTimeCanHoldIsRefused() =>
        await Fails(WithHeadersBlock(1, (byte)'t', 8, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), "timestamp header 't' holds 9223372036854775807 ms", 14);
}
