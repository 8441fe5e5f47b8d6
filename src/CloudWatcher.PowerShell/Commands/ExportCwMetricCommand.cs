using System.Management.Automation;
using CloudWatcher.Metrics;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Writes piped TimedMetrics to CSV, JSON or the raw GetMetricData response, atomically.</summary>
[Cmdlet(VerbsData.Export, "CwMetric", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportCwMetricCommand : FileExportCmdlet
{
    private readonly List<TimedMetric> _series = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TimedMetric[] InputObject { get; set; } = Array.Empty<TimedMetric>();

    /// <summary>Csv (cloudwatcher's time,value), Json (Label, Timestamps, Values and more) or Response (raw API JSON). Default: by extension.</summary>
    [Parameter]
    public ExportFormat? Format { get; set; }

    protected override void ProcessRecord() => _series.AddRange(InputObject);

    protected override void EndProcessing()
    {
        if (_series.Count == 0)
        {
            return;
        }
        var path = ResolveFilePath(Path);
        if ((Format ?? MetricExporter.FormatFromPath(path)) is not ExportFormat format)
        {
            // CSV in a file named .xlsx (or .txt) would be a surprise later; say so now.
            ThrowTerminatingError(ErrorRecords.Create("UnknownExportFormat", ErrorKind.InvalidInput,
                $"Cannot tell the format from '{System.IO.Path.GetFileName(path)}': name the file .csv or .json, or give -Format Csv, Json or Response.", Path));
            return;
        }
        var files = MetricExporter.Plan(path, _series);
        var empty = _series.Where(s => s.Count == 0).Select(s => s.Label).ToList();
        if (empty.Count > 0)
        {
            WriteWarning($"No datapoints in: {string.Join(", ", empty)}. They are exported empty.");
        }
        foreach (var (file, series) in files)
        {
            var description = series.Count == 1 ? $"Export '{series[0].Label}' as {format}" : $"Export {series.Count} series as {format}";
            WriteFile(file, description, stream => MetricExporter.Write(stream, series, format));
        }
    }
}
