using System.Xml.Linq;
using CloudWatcher.Plotting;
using ScottPlot;
using SkiaSharp;

namespace CloudWatcher.Tests.Engine;

/// <summary>Renders real images and decodes them: the lines must be there, in the colours the result reports.</summary>
public sealed class MetricPlotterTests
{
    private static readonly DateTime Start = new(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc);
    private static readonly PlotOptions Small = new() { Width = 600, Height = 300 };

    [Theory]
    [InlineData("plot.png", PlotFormat.Png)]
    [InlineData("/tmp/out/Plot.PNG", PlotFormat.Png)]
    [InlineData("chart.svg", PlotFormat.Svg)]
    [InlineData(@"C:\charts\x.SvG", PlotFormat.Svg)]
    public void FormatFromPathReadsTheExtension(string path, PlotFormat expected) =>
        Assert.Equal(expected, MetricPlotter.FormatFromPath(path));

    [Theory]
    [InlineData("plot.jpg")]
    [InlineData("plot")]
    [InlineData("png")]
    [InlineData("")]
    public void FormatFromPathRejectsOtherNames(string path)
    {
        var error = Assert.Throws<CloudWatcherException>(() => MetricPlotter.FormatFromPath(path));
        Assert.Equal("UnsupportedImageFormat", error.ErrorId);
        Assert.Contains("use a .png or .svg file name", error.Message);
    }

    [Theory]
    [InlineData(99, 600)]
    [InlineData(10001, 600)]
    [InlineData(1200, 0)]
    [InlineData(1200, -5)]
    public void SizeOutsideTheRangeIsRejected(int width, int height)
    {
        var options = new PlotOptions { Width = width, Height = height };
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => MetricPlotter.Render(new[] { Series("a", "Count", 10) }, options, PlotFormat.Png, new MemoryStream()));
        Assert.Contains("between 100 and 10000 pixels", error.Message);
    }

    [Fact]
    public void DefaultSizeIs1200By600()
    {
        var options = new PlotOptions();
        Assert.Equal((1200, 600), (options.Width, options.Height));
        Assert.Null(options.Title);
    }

    [Fact]
    public void SmallestSizeRenders()
    {
        var bitmap = RenderPng(new[] { Series("a", "Count", 10) }, new PlotOptions { Width = 100, Height = 100 }, out _);
        Assert.Equal((100, 100), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void OneSeriesIsDrawnInItsColourInsideTheDataArea()
    {
        var memory = Series("mem_used", "Bytes", 10080, i => 6e9 + 1e9 * Math.Sin(i / 500.0));

        var bitmap = RenderPng(new[] { memory }, Small, out var result);

        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
        Assert.Empty(result.Warnings);
        Assert.Equal(1, result.SeriesPlotted);
        Assert.Equal(10080, result.PointsPlotted);
        var plotted = Assert.Single(result.Series);
        Assert.Equal(("mem_used", "Left", "GiB"), (plotted.Label, plotted.Axis, plotted.UnitLabel));
        Assert.True(CountPixels(bitmap, plotted.Color, result.DataArea) > 500, "the line is drawn in the data area");
        Assert.Equal(0, CountPixels(bitmap, plotted.Color, Outside(result.DataArea, bitmap)));
    }

    [Fact]
    public void TwoUnitsGetTwoAxesAndTwoColours()
    {
        var memory = Series("mem_used", "Bytes", 1440, i => 2e9 + i * 1e6);
        var cpu = Series("cpu", "Percent", 1440, i => 90 - i * 0.05);

        var bitmap = RenderPng(new[] { memory, cpu }, Small, out var result);

        Assert.Empty(result.Warnings);
        Assert.Equal(2, result.SeriesPlotted);
        Assert.Equal(new[] { "Left", "Right" }, result.Series.Select(s => s.Axis));
        Assert.Equal(new[] { "GiB", "%" }, result.Series.Select(s => s.UnitLabel));
        Assert.NotEqual(result.Series[0].Color, result.Series[1].Color);
        foreach (var series in result.Series)
        {
            Assert.True(CountPixels(bitmap, series.Color, result.DataArea) > 200, $"{series.Label} is drawn in {series.Color}");
        }
    }

    [Fact]
    public void ColoursFollowTheCallersOrderNotTheUnitGroups()
    {
        var series = new[] { Series("cpu_a", "Percent", 20), Series("mem", "Bytes", 20), Series("cpu_b", "Percent", 20) };

        var result = MetricPlotter.Render(series, Small, PlotFormat.Svg, Stream.Null);

        Assert.Equal(new[] { "cpu_a", "cpu_b", "mem" }, result.Series.Select(s => s.Label));
        Assert.Equal(new[] { "Left", "Left", "Right" }, result.Series.Select(s => s.Axis));
        Assert.Equal(new[] { MetricPlotter.Palette[0], MetricPlotter.Palette[2], MetricPlotter.Palette[1] }, result.Series.Select(s => s.Color));
    }

    [Fact]
    public void EmptySeriesGiveAValidImageWithoutLinesAndAWarning()
    {
        var empty = Series("disk_free", "Bytes", 0);

        var bitmap = RenderPng(new[] { empty, Series("other", null, 0) }, Small, out var result);

        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
        Assert.Equal(0, result.SeriesPlotted);
        Assert.Equal(0, result.PointsPlotted);
        Assert.Contains("Series 'disk_free' has no data and is left out of the plot.", result.Warnings);
        var everywhere = new PlotArea(0, 0, bitmap.Width, bitmap.Height);
        foreach (var colour in MetricPlotter.Palette)
        {
            Assert.True(CountPixels(bitmap, colour, everywhere) == 0, $"no pixel in {colour}");
        }
        Assert.True(CountDarkPixels(bitmap) > 100, "the frame and the \"No data\" text are drawn");
    }

    [Fact]
    public void NoSeriesAtAllStillRenders()
    {
        var bitmap = RenderPng(Array.Empty<TimedMetric>(), Small, out var result);

        Assert.Equal(300, bitmap.Height);
        Assert.Single(result.Warnings);
        var svg = RenderSvg(Array.Empty<TimedMetric>(), Small);
        Assert.Contains(MetricPlotter.NoDataText, Texts(svg));
    }

    [Fact]
    public void EmptySeriesAreLeftOutButTheOthersAreDrawn()
    {
        var bitmap = RenderPng(new[] { Series("gone", "Count", 0), Series("here", "Count", 100) }, Small, out var result);

        Assert.Equal("here", Assert.Single(result.Series).Label);
        Assert.Equal(MetricPlotter.Palette[0], result.Series[0].Color);
        Assert.Equal(new[] { "Series 'gone' has no data and is left out of the plot." }, result.Warnings);
    }

    [Fact]
    public void SvgIsWellFormedWithTitleAxisLabelsAndLegend()
    {
        var svg = RenderSvg(
            new[] { Series("mem_used", "Bytes", 500, i => 3e9), Series("mem_free", "Bytes", 500, i => 1e9), Series("a<b & \"c\"", "Bytes", 500, i => 2e9) },
            Small);

        var texts = Texts(svg);
        Assert.Contains("3 metrics over time", texts);
        Assert.Contains("mem_used", texts);
        Assert.Contains("mem_free", texts);
        Assert.Contains("a<b & \"c\"", texts);
        Assert.Contains("GiB", texts);
        Assert.Contains(MetricPlotter.TimeAxisLabel, texts);
        Assert.Equal("600", svg.Root!.Attribute("width")?.Value);
    }

    [Fact]
    public void OneSeriesIsTitledAndLabelledAfterItself()
    {
        var texts = Texts(RenderSvg(new[] { Series("mem_used", "Bytes", 100, i => 6.5 * 1024 * 1024 * 1024) }, Small));

        Assert.Contains("mem_used over time", texts);
        Assert.Contains("mem_used (GiB)", texts);
        Assert.Contains("6.5", texts);
    }

    [Fact]
    public void TitleOptionOverridesTheDefault()
    {
        var texts = Texts(RenderSvg(new[] { Series("cpu", "Percent", 10) }, Small with { Title = "Web tier CPU" }));

        Assert.Contains("Web tier CPU", texts);
        Assert.DoesNotContain("cpu over time", texts);
    }

    [Fact]
    public void SeveralSeriesWithoutUnitAreLabelledValue()
    {
        var texts = Texts(RenderSvg(new[] { Series("a", null, 10), Series("b", "None", 10) }, Small));

        Assert.Contains("Value", texts);
    }

    [Fact]
    public void MoreThanTwoUnitsShareTheRightAxisWithAWarning()
    {
        var series = new[] { Series("mem", "Bytes", 50, i => 2e9), Series("cpu", "Percent", 50), Series("procs", "Count", 50) };
        var output = new MemoryStream();

        var result = MetricPlotter.Render(series, Small, PlotFormat.Svg, output);

        Assert.Equal(new[] { "Left", "Right", "Right" }, result.Series.Select(s => s.Axis));
        Assert.Contains(result.Warnings, w => w.Contains("3 different units"));
        Assert.Contains("%, Count", Texts(XDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()))));
    }

    [Fact]
    public void ValuesThatAreNotNumbersAreLeftOutWithAWarning()
    {
        var series = Series("x", "Count", 10, i => i == 3 ? double.NaN : i == 7 ? double.PositiveInfinity : i);

        var result = MetricPlotter.Render(new[] { series }, Small, PlotFormat.Png, new MemoryStream());

        Assert.Equal(8, result.PointsPlotted);
        Assert.Contains("Series 'x' has 2 value(s) that are not finite numbers; they are left out of the plot.", result.Warnings);
    }

    [Fact]
    public void NewestFirstTimestampsAreSortedAndDrawn()
    {
        var times = Enumerable.Range(0, 200).Select(i => Start.AddMinutes(200 - i)).ToArray();
        var values = Enumerable.Range(0, 200).Select(i => (double)i).ToArray();
        var series = Make("desc", "Count", times, values);

        var bitmap = RenderPng(new[] { series }, Small, out var result);

        Assert.Equal(200, result.PointsPlotted);
        Assert.True(CountPixels(bitmap, result.Series[0].Color, result.DataArea) > 200);
    }

    [Fact]
    public void ALonePointIsStillVisible()
    {
        var bitmap = RenderPng(new[] { Series("one", "Count", 1) }, Small, out var result);

        Assert.True(CountPixels(bitmap, result.Series[0].Color, result.DataArea) > 5);
    }

    [Fact]
    public void TimeTicksAreIsoDatesAtMidnightAndClockTimesBetween()
    {
        static Tick Major(DateTime t) => new(t.ToOADate(), "", isMajor: true);

        var days = UtcTimeTicks.Relabel(new[] { Major(Start), Major(Start.AddDays(1)) });
        Assert.Equal(new[] { "2024-03-04", "2024-03-05" }, days.Select(t => t.Label));

        var hours = UtcTimeTicks.Relabel(new[] { Major(Start.AddHours(20)), Major(Start.AddHours(22)), Major(Start.AddHours(24)), Major(Start.AddHours(26)) });
        Assert.Equal(new[] { "20:00\n2024-03-04", "22:00", "00:00\n2024-03-05", "02:00" }, hours.Select(t => t.Label));

        var seconds = UtcTimeTicks.Relabel(new[] { Major(Start.AddSeconds(10)), Major(Start.AddSeconds(20)) });
        Assert.Equal("00:00:20", seconds[1].Label);
    }

    private static TimedMetric Series(string label, string? unit, int count, Func<int, double>? value = null, int periodSeconds = 60)
    {
        value ??= i => 10 + (i % 7);
        var times = new DateTime[count];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = Start.AddSeconds((double)i * periodSeconds);
            values[i] = value(i);
        }
        return Make(label, unit, times, values, periodSeconds);
    }

    private static TimedMetric Make(string label, string? unit, DateTime[] times, double[] values, int periodSeconds = 60) =>
        new(label, label, "Test", label, Array.Empty<Dimension>(), "Maximum", periodSeconds, unit,
            times, values, "Complete", Array.Empty<MetricMessage>(), Start, Start.AddDays(1));

    private static Picture RenderPng(IReadOnlyList<TimedMetric> series, PlotOptions options, out PlotResult result)
    {
        var output = new MemoryStream();
        result = MetricPlotter.Render(series, options, PlotFormat.Png, output);
        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes.Take(4));
        using var bitmap = SKBitmap.Decode(bytes) ?? throw new Xunit.Sdk.XunitException("The PNG does not decode.");
        return new Picture(bitmap.Width, bitmap.Height, bitmap.Pixels);
    }

    /// <summary>A decoded image; SKBitmap.Pixels converts every pixel on each call, so read it once.</summary>
    private sealed record Picture(int Width, int Height, SKColor[] Pixels);

    private static XDocument RenderSvg(IReadOnlyList<TimedMetric> series, PlotOptions options)
    {
        var output = new MemoryStream();
        MetricPlotter.Render(series, options, PlotFormat.Svg, output);
        return XDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())); // throws when not well-formed
    }

    private static List<string> Texts(XDocument svg) =>
        svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToList();

    // Anti-aliasing blends the edges of a line; its middle keeps the exact colour, give or take rounding.
    private static int CountPixels(Picture bitmap, string hex, params PlotArea[] areas)
    {
        var colour = SKColor.Parse(hex);
        var pixels = bitmap.Pixels;
        var count = 0;
        foreach (var area in areas)
        {
            for (var y = Math.Max(0, area.Top); y < Math.Min(bitmap.Height, area.Top + area.Height); y++)
            {
                for (var x = Math.Max(0, area.Left); x < Math.Min(bitmap.Width, area.Left + area.Width); x++)
                {
                    var p = pixels[y * bitmap.Width + x];
                    if (Math.Abs(p.Red - colour.Red) <= 6 && Math.Abs(p.Green - colour.Green) <= 6 && Math.Abs(p.Blue - colour.Blue) <= 6)
                    {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static int CountDarkPixels(Picture bitmap) => bitmap.Pixels.Count(p => p.Red + p.Green + p.Blue < 300);

    // The four bands around the data area (title, axes, legend), two pixels clear of the frame.
    private static PlotArea[] Outside(PlotArea data, Picture bitmap) => new[]
    {
        new PlotArea(0, 0, bitmap.Width, data.Top - 2),
        new PlotArea(0, data.Top + data.Height + 2, bitmap.Width, bitmap.Height),
        new PlotArea(0, 0, data.Left - 2, bitmap.Height),
        new PlotArea(data.Left + data.Width + 2, 0, bitmap.Width, bitmap.Height),
    };
}
