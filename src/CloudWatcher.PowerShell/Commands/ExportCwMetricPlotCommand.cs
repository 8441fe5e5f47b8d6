using System.Management.Automation;
using CloudWatcher.Plotting;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Draws all piped series on one chart (PNG or SVG by extension), written atomically.</summary>
[Cmdlet(VerbsData.Export, "CwMetricPlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportCwMetricPlotCommand : FileExportCmdlet
{
    private readonly List<TimedMetric> _series = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TimedMetric[] InputObject { get; set; } = Array.Empty<TimedMetric>();

    /// <summary>The chart title; default "&lt;label&gt; over time".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    [Parameter]
    [ValidateRange(100, 10000)]
    public int Width { get; set; } = 1200;

    [Parameter]
    [ValidateRange(100, 10000)]
    public int Height { get; set; } = 600;

    protected override void ProcessRecord() => _series.AddRange(InputObject);

    protected override void EndProcessing()
    {
        if (_series.Count == 0)
        {
            return;
        }
        var path = ResolveFilePath(Path);
        PlotFormat format;
        try
        {
            format = MetricPlotter.FormatFromPath(path);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, path);
            return;
        }
        var options = new PlotOptions { Title = Title, Width = Width, Height = Height };
        PlotResult? result = null;
        var description = _series.Count == 1 ? $"Plot '{_series[0].Label}' as {format}" : $"Plot {_series.Count} series as {format}";
        WriteFile(path, description, stream => result = MetricPlotter.Render(_series, options, format, stream));
        foreach (var warning in result?.Warnings ?? Array.Empty<string>())
        {
            WriteWarning(warning);
        }
        if (result is not null)
        {
            WriteVerbose($"Plotted {result.SeriesPlotted} series, {result.PointsPlotted} points.");
        }
    }
}
