using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>Export-CwLog against the emulator: every format read back and compared with what Get-CwLog gives for the same selection.</summary>
public sealed class ExportCwLogTests : IClassFixture<EmulatorFixture>
{
    private const string Jobs = "/cloudwatcher/demo/jobs";
    private readonly EmulatorFixture _emulator;

    public ExportCwLogTests(EmulatorFixture emulator) => _emulator = emulator;

    private static readonly string[] Tricky =
    {
        "[2026-11-22 08:30:15,123 - INFO] Starting step 1/7",
        "comma, \"quote\" and a line\nbreak\r\n",
        "émoji 🚀 漢字",
        "{\"level\":\"ERROR\",\"msg\":\"retrying, again\"}",
        "plain",
    };

    /// <summary>A fresh group with <paramref name="count"/> events a second apart in each stream (tricky messages among them).</summary>
    private string NewGroup(int count, params string[] streams)
    {
        var group = "/test/export-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        foreach (var (stream, s) in streams.Select((s, i) => (s, i)))
        {
            _emulator.Server.Logs.AppendEvents(group, stream, Enumerable.Range(0, count)
                .Select(i => (start + i * 1000L + s, i % 10 < Tricky.Length ? Tricky[i % 10] + $" #{i}" : $"{stream} event {i}")));
        }
        return group;
    }

    private static string TextOf(RunResult result) => string.Concat(result.Output.Select(o => (string)o.BaseObject + "\n"));

    [Fact]
    public void TextIsWhatGetCwLogAsTextWritesForTheSameSelection()
    {
        var group = NewGroup(40, "a", "b");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        foreach (var selection in new[] { $"{group}", $"{group} -LogStreamName a", $"{group} -LogStreamName 'b*' -FilterPattern '\"#1\"'", $"{Jobs} -Since 12h" })
        {
            var file = dir.File(Guid.NewGuid().ToString("N")[..6] + ".log");
            var export = ps.Run($"Export-CwLog {selection} -Path '{file}'");
            Assert.Empty(export.Errors);
            var expected = TextOf(ps.Run($"Get-CwLog {selection} -AsText"));
            Assert.NotEqual("", expected);
            Assert.Equal(expected, File.ReadAllText(file, new UTF8Encoding(false, true)));
        }
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void JsonLinesCarryEveryFieldOfTheEvents()
    {
        var group = NewGroup(25, "a", "b");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Export-CwLog {group} -Path '{dir.File("out.ndjson")}'");
        var events = ps.Run($"Get-CwLog {group}").Objects<LogEvent>().ToList();
        var lines = File.ReadAllLines(dir.File("out.ndjson"));
        Assert.Equal(events.Count, lines.Length);
        foreach (var (e, line) in events.Zip(lines))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal(e.Timestamp, root.GetProperty("timestamp").GetDateTime().ToUniversalTime());
            Assert.Equal(e.IngestionTime, root.GetProperty("ingestionTime").GetDateTime().ToUniversalTime());
            Assert.Equal(e.LogGroupName, root.GetProperty("logGroupName").GetString());
            Assert.Equal(e.LogStreamName, root.GetProperty("logStreamName").GetString());
            Assert.Equal(e.EventId, root.GetProperty("eventId").GetString());
            Assert.Equal(e.Message, root.GetProperty("message").GetString());
        }
    }

    [Fact]
    public void CsvReadsBackFieldForField()
    {
        // (Import-Csv reading it back is in the Pester test: the hosted engine has no Utility module.)
        var group = NewGroup(25, "a", "b");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Export-CwLog {group} -Path '{dir.File("out.csv")}'");
        var events = ps.Run($"Get-CwLog {group}").Objects<LogEvent>().ToList();
        var rows = StrictCsv.Parse(File.ReadAllText(dir.File("out.csv")));
        Assert.Equal(new[] { "timestamp", "ingestionTime", "logGroupName", "logStreamName", "eventId", "message" }, rows[0]);
        Assert.Equal(events.Count, rows.Count - 1);
        foreach (var (e, row) in events.Zip(rows.Skip(1)))
        {
            Assert.Equal(Iso(e.Timestamp), row[0]);
            Assert.Equal(Iso(e.IngestionTime!.Value), row[1]);
            Assert.Equal(new[] { e.LogGroupName, e.LogStreamName, e.EventId, e.Message }, row[2..]);
        }
    }

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void PipedGroupsAndStreamsGoIntoOneFile()
    {
        var group = NewGroup(10, "a", "b", "c");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var streams = ps.Run($"Get-CwLogStream {group} | Where-Object LogStreamName -ne 'c' | Export-CwLog -Path '{dir.File("ab.log")}' -PassThru");
        var summary = Assert.Single(streams.Objects<LogExportSummary>());
        Assert.Equal(20, summary.Events);
        Assert.Equal(2, summary.Streams);
        Assert.Equal(1, summary.LogGroups);
        Assert.Equal(TextOf(ps.Run($"Get-CwLog {group} -LogStreamName a, b -AsText")), File.ReadAllText(dir.File("ab.log")));

        var wildcard = ps.Run($"'{group[..^3]}*' | Export-CwLog -Path '{dir.File("all.jsonl")}' -PassThru");
        Assert.Equal(30, Assert.Single(wildcard.Objects<LogExportSummary>()).Events);
    }

    [Fact]
    public void PassThruReturnsASummaryWithAView()
    {
        var group = NewGroup(12, "a");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Export-CwLog {group} -LogStreamName a -Path '{dir.File("a.txt")}' -PassThru -Verbose");
        var summary = Assert.Single(result.Objects<LogExportSummary>());
        Assert.Equal(dir.File("a.txt"), summary.Path);
        Assert.Equal(LogExportFormat.Text, summary.Format);
        Assert.Equal(12, summary.Events);
        Assert.Equal(new FileInfo(dir.File("a.txt")).Length, summary.Bytes);
        Assert.Equal(1, summary.Streams);
        Assert.True(summary.Elapsed > TimeSpan.Zero);
        Assert.Contains(result.Verbose, v => v.Contains("Wrote 12 events"));
        Assert.Empty(ps.Run($"Export-CwLog {group} -Path '{dir.File("b.txt")}'").Output); // without -PassThru: nothing

        // The view (its widths at 80 and 120 columns are checked in the Pester test, where Out-String is).
        ps.Run($"Export-CwLog {group} -Path '{dir.File("v.csv")}' -PassThru | Out-Host");
        Assert.Matches(@"Events\s+Size\s+Streams\s+Elapsed\s+Format\s+Path", ps.Host.Text);
        Assert.Matches(@"\s12\s+[\d.]+ (B|KiB)\s+1\s+[\d.]+ s\s+Csv\s+/", ps.Host.Text);
    }

    [Fact]
    public void AnExistingFileNeedsForce()
    {
        var group = NewGroup(5, "a");
        using var dir = new TempDirectory();
        var target = dir.File("keep.log");
        File.WriteAllText(target, "keep me");
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"Export-CwLog {group} -Path '{target}'");
        Assert.StartsWith("FileExists,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Equal("keep me", File.ReadAllText(target));

        ps.Run($"Export-CwLog {group} -Path '{target}' -Force");
        Assert.Equal(TextOf(ps.Run($"Get-CwLog {group} -AsText")), File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void WhatIfNamesTheFileAndTheGroupsAndWritesNothing()
    {
        var group = NewGroup(5, "a", "b");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Export-CwLog {group} -LogStreamName a, b -FilterPattern ERROR -Path '{dir.File("x.jsonl")}' -WhatIf -PassThru");
        Assert.Empty(result.Output);
        Assert.Empty(Directory.GetFiles(dir.Path));
        var said = ps.Host.Text;
        Assert.Contains("What if", said);
        Assert.Contains(dir.File("x.jsonl"), said);
        Assert.Contains($"{group} (streams a, b; pattern ERROR)", said);
        Assert.Contains("JsonLines", said);
    }

    [Fact]
    public void TheFormatComesFromTheExtensionOrFormat()
    {
        var group = NewGroup(3, "a");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var unknown = ps.RunExpectingTerminatingError($"Export-CwLog {group} -Path '{dir.File("x.json")}'");
        Assert.StartsWith("UnknownExportFormat,", unknown.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, unknown.CategoryInfo.Category);
        Assert.Contains(".jsonl", unknown.Exception.Message);
        Assert.Contains("-Format", unknown.Exception.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));

        ps.Run($"Export-CwLog {group} -Path '{dir.File("x.json")}' -Format JsonLines");
        Assert.All(File.ReadAllLines(dir.File("x.json")), l => JsonDocument.Parse(l).Dispose());
        ps.Run($"Export-CwLog {group} -Path '{dir.File("x.out")}' -Format Csv");
        Assert.StartsWith("timestamp,ingestionTime,logGroupName,logStreamName,eventId,message\n", File.ReadAllText(dir.File("x.out")));
    }

    [Fact]
    public void FailuresEndTheCommandAndLeaveNothingBehind()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("old.log"), "old");
        using var ps = new HostedPowerShell(_emulator);

        var missing = ps.RunExpectingTerminatingError($"Export-CwLog /no/such/group -LogStreamName s -Path '{dir.File("old.log")}' -Force");
        Assert.StartsWith("ResourceNotFound,", missing.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.Equal("old", File.ReadAllText(dir.File("old.log")));
        Assert.Equal(new[] { dir.File("old.log") }, Directory.GetFiles(dir.Path));

        var folder = ps.RunExpectingTerminatingError($"Export-CwLog {Jobs} -Path '{dir.Path}/no/such/folder/x.log'");
        Assert.StartsWith("DirectoryNotFound,", folder.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, folder.CategoryInfo.Category);

        var provider = ps.RunExpectingTerminatingError($"Export-CwLog {Jobs} -Path variable:x.log");
        Assert.StartsWith("InvalidPath,", provider.FullyQualifiedErrorId);

        var time = ps.RunExpectingTerminatingError($"Export-CwLog {Jobs} -Path '{dir.File("t.log")}' -Since 1h -StartTime ([datetime]::UtcNow)");
        Assert.StartsWith("InvalidTimeRange,", time.FullyQualifiedErrorId);
    }

    [Fact]
    public void NothingMatchedWritesAnEmptyFileWithAWarning()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Export-CwLog '/no/such/prefix-*' -Path '{dir.File("none.log")}'");
        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("No events matched"));
        Assert.Equal(0, new FileInfo(dir.File("none.log")).Length);
    }

    [Fact]
    public void ALongExportShowsProgressAndMatchesGetCwLog()
    {
        var group = NewGroup(25_000, "big");
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Export-CwLog {group} -LogStreamName big -Path '{dir.File("big.log")}'");
        var progress = result.Progress.Where(p => p.Activity == "Exporting log events").ToList();
        Assert.NotEmpty(progress);
        Assert.Contains(progress, p => p.StatusDescription.Contains("big.log"));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.Equal(TextOf(ps.Run($"Get-CwLog {group} -LogStreamName big -AsText")), File.ReadAllText(dir.File("big.log")));
    }

    [Fact]
    public async Task StopEndsAnExportInFlightPromptlyAndDeletesTheTemporaryFile()
    {
        var slow = await CloudWatcher.Emulator.EmulatorServer.StartAsync(new CloudWatcher.Emulator.EmulatorOptions { ResponseDelay = TimeSpan.FromSeconds(60) });
        try
        {
            using var dir = new TempDirectory();
            using var ps = new HostedPowerShell(null);
            using var pipeline = ps.Create($"Export-CwLog /g -LogStreamName s -Path '{dir.File("x.log")}' -Region us-east-1 -AccessKey a -SecretKey b -EndpointUrl {slow.Endpoint}");
            var running = pipeline.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (slow.Stats.Total == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
            Assert.True(slow.Stats.Total > 0, "the request never reached the emulator");
            Assert.Single(Directory.GetFiles(dir.Path, "*.tmp")); // the export had begun writing
            var watch = Stopwatch.StartNew();
            pipeline.Stop();
            Assert.Throws<PipelineStoppedException>(() => pipeline.EndInvoke(running));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"Stop took {watch.Elapsed}");
            Assert.Empty(Directory.GetFiles(dir.Path));
        }
        finally
        {
            await slow.DisposeAsync();
        }
    }
}
