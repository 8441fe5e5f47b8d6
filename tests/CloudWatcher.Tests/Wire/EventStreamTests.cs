using System.Text;
using CloudWatcher.Aws.Runtime.EventStream;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>The event-stream reader and encoder together: every header type, several messages, and bytes that trickle in.</summary>
public sealed class EventStreamTests
{
    private static readonly Guid Uuid = Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f");

    internal static EventStreamHeader[] EveryHeaderType() =>
    [
        EventStreamHeader.FromBoolean("true", true),
        EventStreamHeader.FromBoolean("false", false),
        EventStreamHeader.FromByte("byte", -128),
        EventStreamHeader.FromInt16("short", -2),
        EventStreamHeader.FromInt32("int", int.MaxValue),
        EventStreamHeader.FromInt64("long", long.MinValue + 1),
        EventStreamHeader.FromBytes("bytes", [0x00, 0xFF, 0x7F, 0x80]),
        EventStreamHeader.FromBytes("no-bytes", []),
        EventStreamHeader.FromString("string", "grüße ✓ 😀"),
        EventStreamHeader.FromString("no-string", ""),
        EventStreamHeader.FromTimestamp("timestamp", new DateTime(2024, 6, 10, 8, 0, 0, 123, DateTimeKind.Utc)),
        EventStreamHeader.FromUuid("uuid", Uuid),
    ];

    internal static void AssertSameHeaders(IReadOnlyList<EventStreamHeader> expected, IReadOnlyList<EventStreamHeader> actual)
    {
        Assert.Equal(expected.Select(h => (h.Name, h.Type)), actual.Select(h => (h.Name, h.Type)));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Value.GetType(), actual[i].Value.GetType());
            if (expected[i].Value is byte[] bytes)
            {
                Assert.Equal(bytes, (byte[])actual[i].Value);
            }
            else
            {
                Assert.Equal(expected[i].Value, actual[i].Value);
            }
            if (actual[i].Value is DateTime time)
            {
                Assert.Equal(DateTimeKind.Utc, time.Kind);
            }
        }
    }

    private static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)] // larger than the reader's first buffer: it has to grow
    public async Task EveryHeaderTypeAndPayloadRoundTrip(int payloadLength)
    {
        var payload = Enumerable.Range(0, payloadLength).Select(i => (byte)(i * 7)).ToArray();
        var frame = EventStreamEncoder.Encode(EveryHeaderType(), payload);

        using var reader = new EventStreamReader(new MemoryStream(frame));
        var message = await reader.ReadAsync();

        Assert.NotNull(message);
        AssertSameHeaders(EveryHeaderType(), message.Headers);
        Assert.Equal(payload, message.Payload.ToArray());
        Assert.Null(await reader.ReadAsync());
        Assert.Equal(frame.Length, reader.Position);
    }

    [Fact]
    public void AMessageWithNothingInItIsSixteenBytes()
    {
        var frame = EventStreamEncoder.Encode([], ReadOnlySpan<byte>.Empty);
        Assert.Equal("000000100000000005C248EB7D98C8FF", Convert.ToHexString(frame));
    }

    [Fact]
    public async Task TimestampsTravelAsWholeMillisecondsInUtc()
    {
        var local = new DateTime(2024, 6, 10, 10, 0, 0, DateTimeKind.Local).AddTicks(1_234_567);
        var header = EventStreamHeader.FromTimestamp("t", local);
        var expected = local.ToUniversalTime().AddTicks(-(local.Ticks % TimeSpan.TicksPerMillisecond));

        using var reader = new EventStreamReader(new MemoryStream(EventStreamEncoder.Encode([header], [])));
        var read = (DateTime)(await reader.ReadAsync())!.Headers[0].Value;

        Assert.Equal(expected, read);
        Assert.Equal(DateTimeKind.Utc, read.Kind);
        Assert.Equal(header.Value, read);
    }

    [Fact]
    public void UuidsAreWrittenInBigEndianByteOrder()
    {
        var frame = EventStreamEncoder.Encode([EventStreamHeader.FromUuid("u", Uuid)], []);
        // prelude (12) + name length + "u" + type = 15; then the 16 bytes as the text of the GUID reads.
        Assert.Equal("000102030405060708090A0B0C0D0E0F", Convert.ToHexString(frame, 15, 16));
    }

    [Fact]
    public async Task SeveralMessagesThenACleanEndReadAsNull()
    {
        byte[][] payloads = [Encoding.UTF8.GetBytes("one"), [], Encoding.UTF8.GetBytes("three")];
        var frames = payloads.Select((p, i) => EventStreamEncoder.Encode([EventStreamHeader.FromInt32("n", i)], p)).ToArray();

        using var reader = new EventStreamReader(new MemoryStream(Concat(frames)));
        var messages = new List<EventStreamMessage>();
        while (await reader.ReadAsync() is { } message)
        {
            messages.Add(message);
        }

        // Payloads are copies: reading later frames into the reader's buffer did not change earlier messages.
        Assert.Equal(payloads, messages.Select(m => m.Payload.ToArray()));
        Assert.Equal([0, 1, 2], messages.Select(m => (int)m.Headers[0].Value));
        Assert.Null(await reader.ReadAsync());
        Assert.Equal(frames.Sum(f => f.Length), reader.Position);
    }

    [Fact]
    public async Task OneBytePerReadGivesTheSameMessages()
    {
        var big = new byte[40_000];
        Random.Shared.NextBytes(big);
        var data = Concat(
            EventStreamEncoder.Encode(EveryHeaderType(), Encoding.UTF8.GetBytes("{\"a\":1}")),
            EventStreamEncoder.Encode([], []),
            EventStreamEncoder.Encode([EventStreamHeader.FromString(":message-type", "event")], big));

        var whole = await ReadAll(new MemoryStream(data));
        var trickle = new OneBytePerReadStream(data);
        var trickled = await ReadAll(trickle);

        Assert.Equal(data.Length, trickle.Reads);
        Assert.Equal(3, trickled.Count);
        Assert.Equal(whole.Count, trickled.Count);
        for (var i = 0; i < whole.Count; i++)
        {
            AssertSameHeaders(whole[i].Headers, trickled[i].Headers);
            Assert.Equal(whole[i].Payload.ToArray(), trickled[i].Payload.ToArray());
        }
        Assert.Equal(big, trickled[2].Payload.ToArray());
    }

    private static async Task<List<EventStreamMessage>> ReadAll(Stream stream)
    {
        using var reader = new EventStreamReader(stream);
        var messages = new List<EventStreamMessage>();
        await foreach (var message in reader.ReadAllAsync())
        {
            messages.Add(message);
        }
        return messages;
    }

    [Fact]
    public async Task AMessageIsReturnedAsSoonAsItsFrameIsCompleteNotWhenMoreArrives()
    {
        // A live tail connection stays open between events: the reader must not wait for bytes past the frame.
        var frame = EventStreamEncoder.Encode([EventStreamHeader.FromString(":event-type", "sessionStart")], "{}"u8);
        using var reader = new EventStreamReader(new OneBytePerReadStream(frame, silentAtEnd: true));

        var first = await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("sessionStart", first!.EventType);

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync(cts.Token).AsTask());
    }

    [Fact]
    public async Task AfterAFailureTheReaderRefusesToGoOn()
    {
        var frame = EventStreamEncoder.Encode([], "x"u8);
        frame[^1] ^= 1;
        using var reader = new EventStreamReader(new MemoryStream(Concat(frame, EventStreamEncoder.Encode([], []))));

        await Assert.ThrowsAsync<EventStreamFormatException>(() => reader.ReadAsync().AsTask());
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync().AsTask());
        Assert.Contains("cannot be resynchronised", again.Message);
    }

    [Fact]
    public void DisposingTheReaderClosesTheStreamUnlessAskedToLeaveItOpen()
    {
        var closed = new MemoryStream();
        new EventStreamReader(closed).Dispose();
        Assert.False(closed.CanRead);

        var open = new MemoryStream();
        new EventStreamReader(open, leaveOpen: true).Dispose();
        Assert.True(open.CanRead);
    }

    [Fact]
    public void AnExceptionMessageThrowsTheModeledExceptionWithItsMessage()
    {
        var message = new EventStreamMessage(
            [
                EventStreamHeader.FromString(":exception-type", "SessionTimeoutException"),
                EventStreamHeader.FromString(":content-type", "application/json"),
                EventStreamHeader.FromString(":message-type", "exception"),
            ],
            "{\"message\":\"Session timed out\"}"u8.ToArray());

        Assert.True(message.IsError);
        var ex = Assert.Throws<EventStreamErrorException>(message.ThrowIfError);
        Assert.Equal("exception", ex.MessageType);
        Assert.Equal("SessionTimeoutException", ex.ErrorCode);
        Assert.Equal("Session timed out", ex.ServiceMessage);
        Assert.Equal("the service sent SessionTimeoutException in the event stream: Session timed out", ex.Message);
        Assert.Equal(message.Payload.ToArray(), ex.Payload.ToArray());
    }

    [Fact]
    public void AnErrorMessageThrowsWithItsCodeAndMessageHeaders()
    {
        var message = new EventStreamMessage(
            [
                EventStreamHeader.FromString(":message-type", "error"),
                EventStreamHeader.FromString(":error-code", "InternalFailure"),
                EventStreamHeader.FromString(":error-message", "Something broke"),
            ],
            ReadOnlyMemory<byte>.Empty);

        var ex = Assert.Throws<EventStreamErrorException>(message.ThrowIfError);
        Assert.Equal("error", ex.MessageType);
        Assert.Equal("InternalFailure", ex.ErrorCode);
        Assert.Equal("Something broke", ex.ServiceMessage);
    }

    [Theory]
    [InlineData("exception", "not json at all", "UnknownException", "not json at all")]
    [InlineData("exception", "", "UnknownException", null)]
    [InlineData("error", "", "UnknownError", null)]
    public void AnErrorWithoutItsHeadersStillThrows(string messageType, string payload, string code, string? text)
    {
        var message = new EventStreamMessage([EventStreamHeader.FromString(":message-type", messageType)], Encoding.UTF8.GetBytes(payload));
        var ex = Assert.Throws<EventStreamErrorException>(message.ThrowIfError);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(text, ex.ServiceMessage);
    }

    [Fact]
    public void AnEventDoesNotThrow()
    {
        var message = new EventStreamMessage(
            [EventStreamHeader.FromString(":message-type", "event"), EventStreamHeader.FromString(":event-type", "sessionUpdate")], "{}"u8.ToArray());
        Assert.False(message.IsError);
        message.ThrowIfError();
        Assert.Equal("sessionUpdate", message.EventType);
        Assert.Null(message.ExceptionType);
        Assert.Null(message.GetString("missing"));
    }

    [Fact]
    public void TheEncoderRefusesWhatTheFormatCannotCarry()
    {
        Assert.Throws<ArgumentException>(() => EventStreamHeader.FromString("", "v"));
        Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode([EventStreamHeader.FromBoolean(new string('n', 256), true)], []));
        Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode([EventStreamHeader.FromString("s", new string('v', 32_768))], []));
        Assert.Throws<ArgumentException>(() => EventStreamEncoder.Encode([EventStreamHeader.FromInt32("d", 1), EventStreamHeader.FromInt32("d", 2)], []));
        Assert.Throws<ArgumentException>(() => new EventStreamMessage([EventStreamHeader.FromInt32("d", 1), EventStreamHeader.FromInt32("d", 2)], default));
        // The largest of each still fits.
        EventStreamEncoder.Encode([EventStreamHeader.FromString(new string('n', 255), new string('v', 32_767))], []);
    }

    [Fact]
    public void Crc32IsTheZlibCrc()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8)); // the standard check value of CRC-32/ISO-HDLC
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }
}
