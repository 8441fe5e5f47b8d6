using System.Text;
using ScottPlot;

namespace CloudWatcher.Plotting;

/// <summary>
/// Draws metric series as lines over time into a PNG or SVG: one chart, UTC time axis, values scaled to a readable
/// unit per unit group (bytes → GiB), a second unit group on a right-hand axis. Never throws for missing data:
/// it draws "No data" and says why in <see cref="PlotResult.Warnings"/>.
/// </summary>
public static class MetricPlotter
{
    // matplotlib's tab10, the colours the Python tool's plots had, less its grey, which reads as grid or axis
    // (and is what anti-aliased black text is made of at its edges).
    internal static readonly string[] Palette =
    {
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
        "#8C564B", "#E377C2", "#BCBD22", "#17BECF",
    };

    // ScottPlot's pick on Linux without fontconfig is the first family it finds (DejaVu Serif): ask for a sans face.
    private static readonly string[] PreferredFonts = { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" };

    private static readonly Lazy<string> FontName = new(() =>
    {
        var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        return PreferredFonts.FirstOrDefault(installed.Contains) ?? Fonts.Sans;
    });

    internal const string TimeAxisLabel = "Time (UTC)";
    internal const string NoDataText = "No data";

    /// <summary>The format a file name asks for: .png or .svg, any case.</summary>
    public static PlotFormat FormatFromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Png;
        }
        if (extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            return PlotFormat.Svg;
        }
        throw new CloudWatcherException("UnsupportedImageFormat", ErrorKind.InvalidInput,
            $"Cannot tell the image format from '{path}': use a .png or .svg file name.", path);
    }

    /// <summary>Draws <paramref name="series"/> and writes the image to <paramref name="output"/>.</summary>
    public static PlotResult Render(IReadOnlyList<TimedMetric> series, PlotOptions options, PlotFormat format, Stream output)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        if (format is not (PlotFormat.Png or PlotFormat.Svg))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Use PlotFormat.Png or PlotFormat.Svg.");
        }
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream is not writable.", nameof(output));
        }
        if (series.Any(s => s is null))
        {
            throw new ArgumentException("The series list contains a null entry.", nameof(series));
        }

        var warnings = new List<string>();
        var prepared = PlotSeries.Prepare(series, warnings);
        var plot = new Plot();
        try
        {
            plot.Font.Set(FontName.Value);
            // Room for half of the first and last time labels, which are centred on the edges of the data area.
            plot.Axes.Left.MinimumSize = 45;
            plot.Axes.Right.MinimumSize = 45;
            var plotted = prepared.Count == 0
                ? DrawNoData(plot, series, options, warnings)
                : DrawSeries(plot, prepared, options, warnings);
            Write(plot, options, format, output);
            var rect = plot.RenderManager.LastRender.DataRect;
            var area = new PlotArea((int)rect.Left, (int)rect.Top, (int)rect.Width, (int)rect.Height);
            return new PlotResult(warnings, plotted, area);
        }
        finally
        {
            plot.Dispose();
        }
    }

    private static List<PlottedSeries> DrawSeries(Plot plot, List<PlotSeries> prepared, PlotOptions options, List<string> warnings)
    {
        var groups = UnitGroup.ByUnit(prepared);
        var mixed = groups.Count > 1;
        var xAxis = plot.Axes.DateTimeTicksBottom();
        xAxis.TickGenerator = new UtcTimeTicks();
        plot.XLabel(TimeAxisLabel); // after DateTimeTicksBottom, which replaces the axis and its label
        plot.YLabel(groups[0].AxisLabel);
        if (mixed)
        {
            plot.Axes.Right.Label.Text = groups.Count == 2
                ? groups[1].AxisLabel
                : string.Join(", ", groups.Skip(1).Select(g => g.UnitOrValue));
        }
        if (groups.Count > 2)
        {
            warnings.Add($"The series have {groups.Count} different units; " +
                $"{string.Join(", ", groups.Skip(1).Select(g => g.UnitOrValue))} share the right-hand axis, " +
                "each scaled on its own. Plot fewer units at once for a readable chart.");
        }
        if (prepared.Count > Palette.Length)
        {
            warnings.Add($"{prepared.Count} series share {Palette.Length} colours: some lines have the same colour.");
        }

        var plotted = new List<PlottedSeries>(prepared.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var right = g > 0;
            group.Scale();
            foreach (var s in group.Series)
            {
                // Colours follow the caller's order, not the unit groups, so a series keeps its colour when others come and go.
                var hex = Palette[prepared.IndexOf(s) % Palette.Length];
                var signal = plot.Add.SignalXY(s.Xs, s.Ys, Color.FromHex(hex));
                signal.LineWidth = 1.5f;
                // A lone point has no line to draw: a marker keeps it visible.
                signal.MarkerSize = s.Count == 1 ? 6 : 0;
                signal.LegendText = mixed && right ? $"{s.Label} (right axis)" : s.Label;
                if (right)
                {
                    signal.Axes.YAxis = plot.Axes.Right;
                }
                plotted.Add(new PlottedSeries(s.Label, hex, right ? "Right" : "Left", group.UnitLabel, s.Count));
            }
        }

        plot.Title(options.Title ?? (prepared.Count == 1 ? $"{prepared[0].Label} over time" : $"{prepared.Count} metrics over time"));
        // Below the chart, so it never hides data; a lone series is named by the title and the axis.
        if (prepared.Count > 1)
        {
            plot.ShowLegend(Edge.Bottom);
        }
        else
        {
            plot.HideLegend();
        }
        FixZeroTimeSpan(plot, prepared);
        return plotted;
    }

    // All points at one instant: autoscale would make a zero-width axis; show one period either side.
    private static void FixZeroTimeSpan(Plot plot, List<PlotSeries> prepared)
    {
        var min = prepared.Min(s => s.Xs[0]);
        var max = prepared.Max(s => s.Xs[^1]);
        if (max > min)
        {
            return;
        }
        var halfWidth = Math.Max(60, prepared.Max(s => s.Period)) / 86400.0;
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsX(min - halfWidth, max + halfWidth, plot.Axes.Bottom);
    }

    private static List<PlottedSeries> DrawNoData(Plot plot, IReadOnlyList<TimedMetric> series, PlotOptions options, List<string> warnings)
    {
        if (series.Count == 0)
        {
            warnings.Add("There are no series to plot; the image says \"No data\".");
        }
        else if (series.Count > 1)
        {
            warnings.Add("None of the series has data; the image says \"No data\".");
        }
        plot.Title(options.Title ?? (series.Count == 1 ? $"{PlotSeries.DisplayLabel(series[0])} over time" : "Metrics over time"));

        // Show the requested time range when there was one, so the empty chart still says "when".
        var ranges = series.Where(s => s.EndTime > s.StartTime).ToList();
        if (ranges.Count > 0)
        {
            var xAxis = plot.Axes.DateTimeTicksBottom();
            xAxis.TickGenerator = new UtcTimeTicks();
            plot.Axes.SetLimitsX(ranges.Min(s => s.StartTime).ToOADate(), ranges.Max(s => s.EndTime).ToOADate());
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        }
        // After DateTimeTicksBottom, which replaces the bottom axis and its label.
        plot.XLabel(TimeAxisLabel);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.SetLimitsY(0, 1);

        var text = plot.Add.Annotation(NoDataText, Alignment.MiddleCenter);
        text.LabelFontSize = 32;
        text.LabelFontColor = Colors.DimGray;
        text.LabelBackgroundColor = Colors.Transparent;
        text.LabelBorderColor = Colors.Transparent;
        text.LabelShadowColor = Colors.Transparent;
        return new List<PlottedSeries>();
    }

    private static void Write(Plot plot, PlotOptions options, PlotFormat format, Stream output)
    {
        if (format == PlotFormat.Svg)
        {
            var xml = plot.GetSvgXml(options.Width, options.Height);
            var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(xml);
            output.Write(bytes, 0, bytes.Length);
        }
        else
        {
            using var image = plot.GetImage(options.Width, options.Height);
            var bytes = image.GetImageBytes(ImageFormat.Png);
            output.Write(bytes, 0, bytes.Length);
        }
        output.Flush();
    }
}
