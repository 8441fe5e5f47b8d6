using System.Text;
using System.Text.Json;
using CloudWatcher.IO;
using CloudWatcher.Logs;
using CloudWatcher.Logs.Export;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Engine.Export;

/// <summary>The three export formats, byte for byte, on the messages that break naive writers.</summary>
public sealed class LogEventFileWriterTests
{
    private static readonly DateTime T0 = new(2026, 11, 22, 8, 30, 15, 123, DateTimeKind.Utc);

    /// <summary>Messages with stamps, quotes, commas, line breaks, control characters and text beyond ASCII.</summary>
    public static readonly string[] TrickyMessages =
    {
        "plain line",
        "[2026-11-22 08:30:15,123 - INFO] Starting step 1/7: validate config",
        "[2026-11-22 08:30:15.123] no level",
        "[1] not a stamp",
        "[٢٠٢٦-١١-٢٢ ٠٨:٣٠:١٥,١٢٣ - INFO] Arabic-Indic digits are digits to the regex too",
        "trailing breaks\r\n\n",
        "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad, \"quoted\"\n",
        "comma, \"quote\" and \"\"doubled\"\"",
        "carriage\rreturn",
        "tab\tand\u0001control\u001f",
        "back\\slash and / slash",
        "émoji 🚀 and 漢字 and combining e\u0301",
        "",
        " leading and trailing spaces ",
        "{\"level\":\"ERROR\",\"msg\":\"retrying\",\"attempt\":2}",
    };

    private static List<LogEvent> TrickyEvents() => TrickyMessages
        .Select((m, i) => new LogEvent(T0.AddMilliseconds(i * 700), T0.AddSeconds(2), m, "/app/web", i % 2 == 0 ? "web-1" : "web,2", $"id-{i}"))
        .Append(new LogEvent(T0.AddHours(1), null, "no ingestion time, stream or id", "/app/web", null, null))
        .Append(new LogEvent(new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc).ToLocalTime(), null, "a local time is written in UTC", "/app/web", "s", "x"))
        .ToList();

    private static byte[] WriteAll(LogExportFormat format, IEnumerable<LogEvent> events)
    {
        using var stream = new MemoryStream();
        using (var writer = LogEventFileWriter.Create(format, stream))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }
            writer.Flush();
        }
        return stream.ToArray();
    }

    /// <summary>What cloudwatcher's formatter wrote before it learnt to write without strings, as the reference.</summary>
    private static string ReferenceLine(LogEvent e)
    {
        var time = e.Timestamp.Kind == DateTimeKind.Local ? e.Timestamp.ToUniversalTime() : e.Timestamp;
        return $"[{time.ToString("dd-MM-yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC] {LogLineFormatter.StripStamp(e.Message).TrimEnd('\r', '\n')}";
    }

    [Fact]
    public void TextIsExactlyWhatGetCwLogAsTextWrites()
    {
        var events = TrickyEvents();
        var bytes = WriteAll(LogExportFormat.Text, events);
        var expected = string.Concat(events.Select(e => ReferenceLine(e) + "\n"));
        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.Equal(events.Select(ReferenceLine), events.Select(e => LogLineFormatter.Format(e)));
        Assert.Equal(events.Select(e => e.Message.TrimEnd('\r', '\n')), events.Select(e => LogLineFormatter.Format(e, stripStamp: false)[LogLineFormatter.PrefixLength..]));
        Assert.Contains("[22-11-2026 08:30:15 UTC] Starting step 1/7: validate config\n", expected);
        Assert.Contains("[22-11-2026 09:00:00 UTC] a local time is written in UTC\n", expected);
    }

    [Fact]
    public void EveryFormatIsUtf8WithoutAByteOrderMark()
    {
        foreach (var format in Enum.GetValues<LogExportFormat>())
        {
            var bytes = WriteAll(format, TrickyEvents());
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), $"{format} starts with a BOM");
            // Characters beyond the BMP are \u escapes in JSON (valid, and what System.Text.Json writes); the rest is UTF-8 as is.
            Assert.Contains(format == LogExportFormat.JsonLines ? "\\uD83D\\uDE80 and 漢字" : "🚀 and 漢字", Encoding.UTF8.GetString(bytes));
            Assert.Equal((byte)'\n', bytes[^1]);
        }
    }

    [Fact]
    public void JsonLinesHaveOneObjectPerEventWithEveryField()
    {
        var events = TrickyEvents();
        var text = Encoding.UTF8.GetString(WriteAll(LogExportFormat.JsonLines, events));
        var lines = text.Split('\n');
        Assert.Equal(events.Count + 1, lines.Length); // no line break inside a line; the last line ends with one
        Assert.Equal("", lines[^1]);
        for (var i = 0; i < events.Count; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            var root = doc.RootElement;
            var e = events[i];
            Assert.Equal(new[] { "timestamp", "ingestionTime", "logGroupName", "logStreamName", "eventId", "message" },
                root.EnumerateObject().Select(p => p.Name));
            Assert.Equal(e.Timestamp.ToUniversalTime(), root.GetProperty("timestamp").GetDateTime().ToUniversalTime());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("timestamp").GetString());
            Assert.Equal(e.Message, root.GetProperty("message").GetString());
            Assert.Equal(e.LogStreamName, root.GetProperty("logStreamName").GetString());
            Assert.Equal(e.EventId, root.GetProperty("eventId").GetString());
            Assert.Equal(e.IngestionTime is null ? JsonValueKind.Null : JsonValueKind.String, root.GetProperty("ingestionTime").ValueKind);
        }
        Assert.StartsWith("{\"timestamp\":\"2026-11-22T08:30:15.123Z\",\"ingestionTime\":\"2026-11-22T08:30:17.123Z\",\"logGroupName\":\"/app/web\"", lines[0]);
        Assert.Contains("漢字", text); // written as UTF-8, not as \u escapes
    }

    [Fact]
    public void LoneSurrogatesBecomeTheReplacementCharacter()
    {
        var broken = new LogEvent(T0, null, "bad \uD800 high, bad \uDC00 low, good 🚀, bad end \uD83D", "/g", "s", "1");
        var json = Encoding.UTF8.GetString(WriteAll(LogExportFormat.JsonLines, new[] { broken }));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("bad \uFFFD high, bad \uFFFD low, good 🚀, bad end \uFFFD", doc.RootElement.GetProperty("message").GetString());
        var text = Encoding.UTF8.GetString(WriteAll(LogExportFormat.Text, new[] { broken }));
        Assert.EndsWith("bad \uFFFD high, bad \uFFFD low, good 🚀, bad end \uFFFD\n", text);
        Assert.Same("fine", JsonLinesLogEventWriter.WellFormed("fine"));
    }

    [Fact]
    public void CsvQuotesAsRfc4180AndReadsBackField()
    {
        var events = TrickyEvents();
        var text = Encoding.UTF8.GetString(WriteAll(LogExportFormat.Csv, events));
        var rows = StrictCsv.Parse(text);
        Assert.Equal(CsvLogEventWriter.Header.Split(','), rows[0]);
        Assert.Equal(events.Count, rows.Count - 1);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var row = rows[i + 1];
            Assert.Equal(6, row.Length);
            Assert.Equal(e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(e.IngestionTime?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "", row[1]);
            Assert.Equal(e.LogGroupName, row[2]);
            Assert.Equal(e.LogStreamName ?? "", row[3]);
            Assert.Equal(e.EventId ?? "", row[4]);
            Assert.Equal(e.Message, row[5]);
        }
        Assert.Contains("\n2026-11-22T08:30:15.823Z,2026-11-22T08:30:17.123Z,/app/web,\"web,2\",id-1,\"[2026-11-22 08:30:15,123 - INFO] Starting step 1/7: validate config\"\n", text);
        Assert.Contains(",\"comma, \"\"quote\"\" and \"\"\"\"doubled\"\"\"\"\"\n", text);
        Assert.Contains(",\"carriage\rreturn\"\n", text);
        Assert.Contains(", leading and trailing spaces \n", text); // spaces are data: neither trimmed nor quoted
    }

    [Fact]
    public void TheSharedCsvQuotingIsTheSameForStringsAndSpans()
    {
        foreach (var field in new[] { "", "plain", "a,b", "say \"hi\"", "line\nbreak", "cr\r", "\"", "é" })
        {
            var writer = new StringWriter();
            Csv.WriteField(writer, field);
            Assert.Equal(Csv.Quote(field), writer.ToString());
        }
        Assert.Equal("\"a,b\"", Csv.Quote("a,b"));
        Assert.Equal("\"line\nbreak\"", Csv.Quote("line\nbreak"));
        Assert.Equal("\"say \"\"hi\"\"\"", Csv.Quote("say \"hi\""));
        Assert.Equal("plain", Csv.Quote("plain"));
    }

    [Theory]
    [InlineData(LogExportFormat.Text)]
    [InlineData(LogExportFormat.JsonLines)]
    [InlineData(LogExportFormat.Csv)]
    public void WritingAnEventAllocatesNothingOnceWarm(LogExportFormat format)
    {
        // The events exist before (the reader makes them); the writer must not add a string or an object per event.
        var events = Enumerable.Range(0, 20_000)
            .Select(i => new LogEvent(T0.AddMilliseconds(i * 250), T0.AddSeconds(i), i % 3 == 0
                ? $"[2026-11-22 08:30:15,123 - INFO] Step {i % 7}/7: processed {i} items, \"quoted\" (run {i})"
                : $"{{\"level\":\"INFO\",\"n\":{i},\"msg\":\"line é {i}\"}}", "/app/web", "web-" + (i % 4), "id" + i))
            .ToList();
        using var writer = LogEventFileWriter.Create(format, Stream.Null);
        foreach (var e in events.Take(1000))
        {
            writer.Write(e); // warm-up: buffers, regex runner, JIT
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in events)
        {
            writer.Write(e);
        }
        writer.Flush();
        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)events.Count;
        Assert.True(perEvent < 4, $"{format}: {perEvent:0.0} bytes allocated per event");
    }
}
