using System.Text;
using CloudWatcher.Metrics;

namespace CloudWatcher.Tests.Engine.Export;

/// <summary>Export-CwMetric's CSV and JSON written straight from the series, byte for byte.</summary>
public sealed class MetricExporterTests
{
    private static readonly DateTime T0 = new(2026, 11, 24, 5, 57, 0, DateTimeKind.Utc);

    private static TimedMetric Series(string label, params (int Minute, double Value)[] points) => new(
        "m1", label, "App", "Requests", Array.Empty<Dimension>(), "Average", 60, null,
        points.Select(p => T0.AddMinutes(p.Minute)).ToList(), points.Select(p => p.Value).ToList(),
        "Complete", Array.Empty<MetricMessage>(), T0, T0.AddHours(1));

    private static string Write(ExportFormat format, params TimedMetric[] series)
    {
        using var stream = new MemoryStream();
        MetricExporter.Write(stream, series, format);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void OneSeriesIsTimeValueRowsWithRoundTripNumbers()
    {
        var csv = Write(ExportFormat.Csv, Series("cpu", (0, 1), (1, 0.1 + 0.2), (2, -1.7976931348623157E+308), (3, 1e-7)));
        Assert.Equal(
            "time,value\n" +
            "2026-11-24T05:57:00Z,1\n" +
            "2026-11-24T05:58:00Z,0.30000000000000004\n" +
            "2026-11-24T05:59:00Z,-1.7976931348623157E+308\n" +
            "2026-11-24T06:00:00Z,1E-07\n", csv);
    }

    [Fact]
    public void SeveralSeriesAreMergedByTimeWithEmptyCellsWhereOneHasNoPoint()
    {
        // The second series arrives newest first and misses a minute; its label needs quotes.
        var csv = Write(ExportFormat.Csv,
            Series("a", (0, 1), (1, 2), (3, 4)),
            Series("b, \"quoted\"", (3, 40), (2, 30), (0, 10)));
        Assert.Equal(
            "time,a,\"b, \"\"quoted\"\"\"\n" +
            "2026-11-24T05:57:00Z,1,10\n" +
            "2026-11-24T05:58:00Z,2,\n" +
            "2026-11-24T05:59:00Z,,30\n" +
            "2026-11-24T06:00:00Z,4,40\n", csv);
    }

    [Fact]
    public void TwoPointsOfOneSeriesAtTheSameTimeGetARowEachInsteadOfFailing()
    {
        var csv = Write(ExportFormat.Csv, Series("a", (0, 1), (0, 2)), Series("b", (0, 3)));
        Assert.Equal("time,a,b\n2026-11-24T05:57:00Z,1,3\n2026-11-24T05:57:00Z,2,\n", csv);
    }

    [Fact]
    public void LocalTimesAreWrittenInUtc()
    {
        var local = T0.ToLocalTime();
        var series = new TimedMetric("m1", "a", "App", "Requests", Array.Empty<Dimension>(), "Average", 60, null,
            new[] { local }, new[] { 5.0 }, "Complete", Array.Empty<MetricMessage>(), T0, T0);
        Assert.Equal("time,value\n2026-11-24T05:57:00Z,5\n", Write(ExportFormat.Csv, series));
        Assert.Contains("\"2026-11-24T05:57:00Z\"", Write(ExportFormat.Json, series));
    }
}
