using System.Text.Json;
using CloudWatcher.Aws.Runtime.EventStream;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>
/// Frames another implementation agrees on: tests/data/eventstream/vectors.json, written by make_vectors.py beside it
/// with the headers and payloads botocore's decoder read from each frame (and one frame from aws-sdk-go's tests).
/// We must decode each to the same message and encode each message to the same bytes.
/// </summary>
public sealed class EventStreamVectorTests
{
    private static readonly Lazy<JsonDocument> Vectors = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "data", "eventstream", "vectors.json"))));

    public static TheoryData<string> PositiveNames() => Names("positive");

    public static TheoryData<string> NegativeNames() => Names("negative");

    private static TheoryData<string> Names(string kind) => [.. Vectors.Value.RootElement.GetProperty(kind).EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];

    private static JsonElement Vector(string kind, string name) =>
        Vectors.Value.RootElement.GetProperty(kind).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);

    private static EventStreamHeader Header(JsonElement json)
    {
        var name = json.GetProperty("name").GetString()!;
        var value = json.GetProperty("value");
        return json.GetProperty("type").GetInt32() switch
        {
            0 or 1 => EventStreamHeader.FromBoolean(name, value.GetBoolean()),
            2 => EventStreamHeader.FromByte(name, value.GetSByte()),
            3 => EventStreamHeader.FromInt16(name, value.GetInt16()),
            4 => EventStreamHeader.FromInt32(name, value.GetInt32()),
            5 => EventStreamHeader.FromInt64(name, value.GetInt64()),
            6 => EventStreamHeader.FromBytes(name, Convert.FromHexString(value.GetString()!)),
            7 => EventStreamHeader.FromString(name, value.GetString()!),
            8 => EventStreamHeader.TryFromUnixMilliseconds(name, value.GetInt64(), out var header) ? header : throw new InvalidDataException(name),
            9 => EventStreamHeader.FromUuid(name, new Guid(Convert.FromHexString(value.GetString()!), bigEndian: true)),
            var type => throw new InvalidDataException($"type {type}"),
        };
    }

    private static (EventStreamHeader[] Headers, byte[] Payload, byte[] Bytes) Expected(string name)
    {
        var vector = Vector("positive", name);
        return ([.. vector.GetProperty("headers").EnumerateArray().Select(Header)],
            Convert.FromHexString(vector.GetProperty("payload_hex").GetString()!),
            Convert.FromHexString(vector.GetProperty("hex").GetString()!));
    }

    private static async Task<EventStreamMessage> DecodeSingle(byte[] bytes)
    {
        using var reader = new EventStreamReader(new OneBytePerReadStream(bytes));
        var message = await reader.ReadAsync();
        Assert.NotNull(message);
        Assert.Null(await reader.ReadAsync());
        return message;
    }

    [Theory]
    [MemberData(nameof(PositiveNames))]
    public async Task DecodesWhatBotocoreDecoded(string name)
    {
        var (headers, payload, bytes) = Expected(name);
        var message = await DecodeSingle(bytes);
        EventStreamTests.AssertSameHeaders(headers, message.Headers);
        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Theory]
    [MemberData(nameof(PositiveNames))]
    public void EncodesTheSameBytes(string name)
    {
        var (headers, payload, bytes) = Expected(name);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(EventStreamEncoder.Encode(headers, payload)));
    }

    [Theory]
    [MemberData(nameof(NegativeNames))]
    public async Task RefusesWhatBotocoreRefused(string name)
    {
        var vector = Vector("negative", name);
        using var reader = new EventStreamReader(new MemoryStream(Convert.FromHexString(vector.GetProperty("hex").GetString()!)));
        var error = await Assert.ThrowsAsync<EventStreamFormatException>(() => reader.ReadAsync().AsTask());
        Assert.Contains(vector.GetProperty("problem").GetString()!, error.Message);
    }

    [Fact]
    public void TheUuidVectorReadsAsTheGuidItsBytesSpell()
    {
        var uuid = Expected("every header type").Headers.Single(h => h.Type == EventStreamHeaderType.Uuid);
        Assert.Equal(Guid.Parse("00010203-0405-0607-0809-0a0b0c0d0e0f"), uuid.Value);
        var time = Expected("edge values").Headers.Single(h => h.Name == "before-epoch");
        Assert.Equal(new DateTime(1969, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc), time.Value);
    }

    [Fact]
    public async Task ALiveTailSessionStartIsAnEventWithTheModelsFields()
    {
        var message = await DecodeSingle(Expected("StartLiveTail sessionStart").Bytes);
        Assert.Equal("event", message.MessageType);
        Assert.Equal("sessionStart", message.EventType);
        Assert.Equal("application/json", message.ContentType);
        message.ThrowIfError();

        using var json = JsonDocument.Parse(message.Payload);
        Assert.Equal(ModelMembers("LiveTailSessionStart"), json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("arn:aws:logs:us-east-1:123456789012:log-group:/app/web", json.RootElement.GetProperty("logGroupIdentifiers")[0].GetString());
    }

    [Fact]
    public async Task ALiveTailSessionUpdateCarriesLogEventsShapedAsTheModelSays()
    {
        var message = await DecodeSingle(Expected("StartLiveTail sessionUpdate").Bytes);
        Assert.Equal("sessionUpdate", message.EventType);

        using var json = JsonDocument.Parse(message.Payload);
        Assert.Equal(ModelMembers("LiveTailSessionUpdate"), json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var results = json.RootElement.GetProperty("sessionResults").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(ModelMembers("LiveTailSessionLogEvent"), r.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal("ERROR timeout after 30s ✓", results[1].GetProperty("message").GetString());
        Assert.False(json.RootElement.GetProperty("sessionMetadata").GetProperty("sampled").GetBoolean());
    }

    [Fact]
    public async Task ALiveTailSessionTimeoutIsAnException()
    {
        var message = await DecodeSingle(Expected("StartLiveTail SessionTimeoutException").Bytes);
        Assert.True(message.IsError);
        var ex = Assert.Throws<EventStreamErrorException>(message.ThrowIfError);
        Assert.Equal("SessionTimeoutException", ex.ErrorCode);
        Assert.Equal("Live Tail session timed out after 3 hours", ex.ServiceMessage);
        Assert.True(ModelShape("StartLiveTailResponseStream").GetProperty("members").TryGetProperty(ex.ErrorCode, out _));
    }

    [Fact]
    public async Task AnErrorMessageVectorThrowsWithItsCode()
    {
        var message = await DecodeSingle(Expected("error message").Bytes);
        var ex = Assert.Throws<EventStreamErrorException>(message.ThrowIfError);
        Assert.Equal("InternalFailure", ex.ErrorCode);
        Assert.Equal("An internal error occurred", ex.ServiceMessage);
    }

    private static JsonElement ModelShape(string shape)
    {
        using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "models", "aws", "logs-2014-03-28.service-2.json")));
        return model.RootElement.GetProperty("shapes").GetProperty(shape).Clone();
    }

    private static string[] ModelMembers(string shape) =>
        [.. ModelShape(shape).GetProperty("members").EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal)];
}
