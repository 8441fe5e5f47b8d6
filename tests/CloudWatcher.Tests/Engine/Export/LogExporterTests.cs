using System.Text;
using CloudWatcher.Diagnostics;
using CloudWatcher.Logs;
using CloudWatcher.Logs.Export;
using CloudWatcher.Ports;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine.Export;

public sealed class LogExporterTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<List<LogEvent>> ReadAll(ILogReadApi api, LogQuery query)
    {
        var events = new List<LogEvent>();
        await foreach (var e in new LogReader(api).ReadAsync(new[] { query }, new LogReaderOptions()))
        {
            events.Add(e);
        }
        return events;
    }

    [Fact]
    public async Task GroupsAreWrittenInTurnExactlyAsTheReaderGivesThem()
    {
        var api = new FakeLogsApi { PageSize = 50 };
        api.Append("/a", "x", T0, 120, step: TimeSpan.FromSeconds(2));
        api.Append("/a", "y", T0.AddSeconds(1), 80, step: TimeSpan.FromSeconds(2));
        api.Append("/b", "z", T0, 30, i => $"[2026-11-22 00:00:00,000 - INFO] z {i}");
        using var dir = new TempDirectory();
        var sink = new RecordingSink();
        var queries = new[] { new LogQuery("/a"), new LogQuery("/b") { LogStreamNames = new[] { "z" } } };

        var summary = await new LogExporter(api, sink).ExportAsync(new LogExportRequest(queries, dir.File("out.log"), LogExportFormat.Text), default);

        var expected = (await ReadAll(api, queries[0])).Concat(await ReadAll(api, queries[1])).Select(e => LogLineFormatter.Format(e) + "\n");
        var written = await File.ReadAllTextAsync(dir.File("out.log"));
        Assert.Equal(string.Concat(expected), written);
        Assert.Equal(230, summary.Events);
        Assert.Equal(3, summary.Streams);
        Assert.Equal(2, summary.LogGroups);
        Assert.Equal(new FileInfo(dir.File("out.log")).Length, summary.Bytes);
        Assert.Equal(Encoding.UTF8.GetByteCount(written), summary.Bytes);
        Assert.Equal(dir.File("out.log"), summary.Path);
        Assert.Equal(LogExportFormat.Text, summary.Format);
        Assert.Empty(sink.Warnings);
        // Progress per page read, ended once.
        var reports = sink.Reports.ToList();
        Assert.Contains(reports, r => r.Activity == ProgressActivity.ExportingLogEvents && r.IsWorthShowing && r.Status.Contains("out.log"));
        Assert.True(reports[^1].Completed);
        Assert.Equal(new[] { dir.File("out.log") }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task TheLimitIsPerGroupAsGetCwLogHasIt()
    {
        var api = new FakeLogsApi { PageSize = 7 };
        api.Append("/a", "x", T0, 40);
        api.Append("/b", "x", T0, 40);
        using var dir = new TempDirectory();
        var summary = await new LogExporter(api).ExportAsync(
            new LogExportRequest(new[] { new LogQuery("/a"), new LogQuery("/b") }, dir.File("out.csv"), LogExportFormat.Csv) { LimitPerGroup = 15 }, default);
        Assert.Equal(30, summary.Events);
        Assert.Equal(31, File.ReadAllLines(dir.File("out.csv")).Length);
    }

    [Fact]
    public async Task NothingMatchedStillWritesTheFileAndWarns()
    {
        var api = new FakeLogsApi();
        api.Append("/a", "x", T0, 5);
        using var dir = new TempDirectory();
        var sink = new RecordingSink();
        var summary = await new LogExporter(api, sink).ExportAsync(
            new LogExportRequest(new[] { new LogQuery("/a") { StartTime = T0.AddDays(1) } }, dir.File("none.csv"), LogExportFormat.Csv), default);
        Assert.Equal(0, summary.Events);
        Assert.Equal(CsvLogEventWriter.Header + "\n", await File.ReadAllTextAsync(dir.File("none.csv")));
        Assert.Contains(sink.Warnings, w => w.Contains("No events matched"));
    }

    [Fact]
    public async Task AnExistingFileIsRefusedBeforeAnythingIsRead()
    {
        var api = new FakeLogsApi();
        api.Append("/a", "x", T0, 5);
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("keep.log"), "keep");
        var request = new LogExportRequest(new[] { new LogQuery("/a") { LogStreamNames = new[] { "x" } } }, dir.File("keep.log"), LogExportFormat.Text);
        await Assert.ThrowsAsync<FileExistsException>(() => new LogExporter(api).ExportAsync(request, default));
        Assert.Equal(0, api.GetCalls);
        Assert.Equal("keep", await File.ReadAllTextAsync(dir.File("keep.log")));

        await new LogExporter(api).ExportAsync(request with { Overwrite = true }, default);
        Assert.StartsWith("[22-11-2026 00:00:00 UTC] x line 0\n", await File.ReadAllTextAsync(dir.File("keep.log")));
    }

    [Fact]
    public async Task AFailureMidwayLeavesTheTargetUntouchedAndNoTemporaryFile()
    {
        var fake = new FakeLogsApi { PageSize = 10 };
        fake.Append("/a", "x", T0, 100);
        var api = new InterruptedReadApi(fake, failOnCall: 4, () => throw new CloudWatcherServiceException("logs", "GetLogEvents", "ServiceUnavailableException",
            ErrorKind.Unavailable, 503, "req-1", "The service is unavailable."));
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("old.log"), "old content");
        var request = new LogExportRequest(new[] { new LogQuery("/a") { LogStreamNames = new[] { "x" } } }, dir.File("old.log"), LogExportFormat.Text) { Overwrite = true };

        var error = await Assert.ThrowsAsync<CloudWatcherServiceException>(() => new LogExporter(api).ExportAsync(request, default));

        Assert.Equal("ServiceUnavailable", error.ErrorId);
        Assert.Equal(4, api.Calls);
        Assert.Equal("old content", await File.ReadAllTextAsync(dir.File("old.log")));
        Assert.Equal(new[] { dir.File("old.log") }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task CancellingMidwayDeletesTheTemporaryFileAndLeavesNoTarget()
    {
        var fake = new FakeLogsApi { PageSize = 10 };
        fake.Append("/a", "x", T0, 100);
        using var cancellation = new CancellationTokenSource();
        var api = new InterruptedReadApi(fake, failOnCall: 3, () => cancellation.Cancel());
        using var dir = new TempDirectory();
        var request = new LogExportRequest(new[] { new LogQuery("/a") { LogStreamNames = new[] { "x" } } }, dir.File("new.jsonl"), LogExportFormat.JsonLines);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LogExporter(api).ExportAsync(request, cancellation.Token));

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task AMissingFolderIsDirectoryNotFound()
    {
        using var dir = new TempDirectory();
        var error = await Assert.ThrowsAsync<CloudWatcherException>(() => new LogExporter(new FakeLogsApi()).ExportAsync(
            new LogExportRequest(new[] { new LogQuery("/a") }, dir.File("no/such/x.log"), LogExportFormat.Text), default));
        Assert.Equal("DirectoryNotFound", error.ErrorId);
    }

    [Theory]
    [InlineData("a.txt", LogExportFormat.Text)]
    [InlineData("a.LOG", LogExportFormat.Text)]
    [InlineData("dir.v2/a.jsonl", LogExportFormat.JsonLines)]
    [InlineData("a.ndjson", LogExportFormat.JsonLines)]
    [InlineData("a.Csv", LogExportFormat.Csv)]
    [InlineData("a.json", null)]
    [InlineData("a.xlsx", null)]
    [InlineData("noextension", null)]
    public void TheFormatComesFromTheExtension(string path, LogExportFormat? format) => Assert.Equal(format, LogExporter.FormatFromPath(path));

    [Fact]
    public void TheDescriptionNamesGroupsStreamsAndPatterns()
    {
        Assert.Equal("/a (all streams), /b (stream s1), /c (streams starting with 'web-'; pattern ERROR)", LogExporter.Describe(new[]
        {
            new LogQuery("/a"),
            new LogQuery("/b") { LogStreamNames = new[] { "s1" } },
            new LogQuery("/c") { LogStreamNamePrefix = "web-", FilterPattern = "ERROR" },
        }));
        var many = LogExporter.Describe(new[] { new LogQuery("/a") { LogStreamNames = Enumerable.Range(1, 8).Select(i => $"s{i}").ToList() } });
        Assert.Equal("/a (streams s1, s2, s3, s4, s5 and 3 more)", many);
        Assert.EndsWith("and 2 more log groups", LogExporter.Describe(Enumerable.Range(1, 7).Select(i => new LogQuery($"/g{i}")).ToList()));
        Assert.Equal("no log group (nothing matched)", LogExporter.Describe(Array.Empty<LogQuery>()));
    }

    /// <summary>Passes calls to a fake and, on call <c>failOnCall</c>, runs <c>interrupt</c> first (throw, or cancel).</summary>
    private sealed class InterruptedReadApi : ILogReadApi
    {
        private readonly ILogReadApi _inner;
        private readonly int _failOnCall;
        private readonly Action _interrupt;

        public InterruptedReadApi(ILogReadApi inner, int failOnCall, Action interrupt)
        {
            _inner = inner;
            _failOnCall = failOnCall;
            _interrupt = interrupt;
        }

        public int Calls { get; private set; }

        public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken)
        {
            Interrupt(cancellationToken);
            return _inner.GetLogEventsAsync(request, cancellationToken);
        }

        public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken)
        {
            Interrupt(cancellationToken);
            return _inner.FilterLogEventsAsync(request, cancellationToken);
        }

        private void Interrupt(CancellationToken cancellationToken)
        {
            if (++Calls == _failOnCall)
            {
                _interrupt();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
