using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>
/// PutLogEvents' limits as the API reference states them today: at most 10,000 events and 1,048,576 bytes a batch
/// (the UTF-8 bytes of the messages plus 26 per event), so one event at most 1,048,550 message bytes; no empty
/// message; the events neither too old nor too new spanning at most 24 hours.
/// </summary>
public abstract class LogWriteLimitsContract : PortContract
{
    private const int MaxBatchBytes = 1_048_576;
    private const int EventOverhead = 26;

    protected LogWriteLimitsContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task ABatchOfExactly1048576BytesIsAcceptedAndOneByteMoreIsInvalid()
    {
        var group = await NewStream();
        // Four events, each "✓" (3 UTF-8 bytes) and x's: 4 × (3 + n + 26) = 1,048,576.
        var n = MaxBatchBytes / 4 - 3 - EventOverhead;
        var exact = Enumerable.Range(0, 4).Select(i => new InputLogEvent(Now.AddMinutes(-5).AddSeconds(i), "✓" + new string('x', n))).ToList();

        var accepted = await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", exact), None);
        Assert.Equal(new PutLogEventsResult(null, null, null), accepted);
        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);
        Assert.Equal(exact.Select(e => e.Message.Length), read.Events.Select(e => e.Message.Length));

        var oneMore = exact.Take(3).Append(exact[3] with { Message = exact[3].Message + "x" }).ToList();
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", oneMore), None));
        Assert.Equal(4, (await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None)).Events.Count);
    }

    [ContractFact]
    public async Task OneEventOf1048550MessageBytesIsAcceptedAndALargerOneIsInvalid()
    {
        var group = await NewStream();
        var largest = new string('y', MaxBatchBytes - EventOverhead);
        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[] { new InputLogEvent(Now.AddMinutes(-1), largest) }), None);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[] { new InputLogEvent(Now.AddMinutes(-1), largest + "y") }), None));
    }

    [ContractFact]
    public async Task TenThousandEventsAreAcceptedAndTenThousandAndOneAreInvalid()
    {
        var group = await NewStream();
        var start = Now.AddMinutes(-30);
        var events = Enumerable.Range(0, 10_001).Select(i => new InputLogEvent(start.AddMilliseconds(i), "e" + i)).ToList();

        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events), None));
        Assert.Empty((await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None)).Events);

        await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events.Take(10_000).ToList()), None);
        var read = await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None);
        Assert.Equal(10_000, read.Events.Count);
        Assert.Equal("e9999", read.Events[^1].Message);
    }

    [ContractFact]
    public async Task AnEmptyMessageIsInvalid()
    {
        var group = await NewStream();
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[] { new InputLogEvent(Now.AddMinutes(-1), "") }), None));
    }

    [ContractFact]
    public async Task AnEmptyBatchIsInvalid()
    {
        var group = await NewStream();
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", Array.Empty<InputLogEvent>()), None));
    }

    [ContractFact]
    public async Task ABatchSpanningMoreThan24HoursIsInvalidAndNothingIsStored()
    {
        var group = await NewStream();
        var events = new[] { new InputLogEvent(Now.AddHours(-25), "first"), new InputLogEvent(Now.AddMinutes(-30), "last") };
        await Fails(ErrorKind.InvalidInput, "InvalidParameterException", "PutLogEvents",
            () => LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", events), None));
        Assert.Empty((await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None)).Events);
    }

    [ContractFact]
    public async Task TheSpanLeavesOutEventsThatAreTooOld()
    {
        var group = await NewStream();
        var result = await LogWrite.PutLogEventsAsync(new PutLogEventsRequest(group, "s", new[]
        {
            new InputLogEvent(Now.AddDays(-20), "too old"),
            new InputLogEvent(Now.AddMinutes(-1), "kept"),
        }), None);

        Assert.Equal(0, result.TooOldLogEventEndIndex);
        Assert.Equal(new[] { "kept" },
            (await LogRead.GetLogEventsAsync(new GetLogEventsRequest(group, "s") { StartFromHead = true }, None)).Events.Select(e => e.Message));
    }

    private async Task<string> NewStream()
    {
        var group = Unique("/contract/limits-");
        await LogWrite.CreateLogGroupAsync(group, None);
        await LogWrite.CreateLogStreamAsync(group, "s", None);
        return group;
    }
}
