using System.Management.Automation;
using CloudWatcher.IO;
using CloudWatcher.Logs.Export;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Writes the events Get-CwLog would read straight from the engine into a file (cloudwatcher's text lines, JSON lines
/// or CSV), without a PowerShell object per event; atomically (temp file + rename).
/// </summary>
[Cmdlet(VerbsData.Export, "CwLog", SupportsShouldProcess = true)]
[OutputType(typeof(LogExportSummary))]
public sealed class ExportCwLogCommand : LogSelectionCmdlet
{
    /// <summary>The engine deletes its temporary file once it sees Ctrl+C; this is how long the command waits for that.</summary>
    private static readonly TimeSpan CleanupWait = TimeSpan.FromSeconds(5);

    /// <summary>The file to write; relative to the current PowerShell location. Its extension names the format.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Text (cloudwatcher's lines), JsonLines or Csv. Default: by extension.</summary>
    [Parameter]
    public LogExportFormat? Format { get; set; }

    /// <summary>At most this many events per log group (as Get-CwLog -Limit).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? Limit { get; set; }

    /// <summary>Replace a file that exists already.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Write a LogExportSummary of the file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // Groups and streams can arrive from the pipeline; they all go into one file, written once all are known.
    protected override void ProcessRecord() => CollectInput();

    protected override void EndProcessing()
    {
        var path = ResolveFileSystemPath(Path, "Path");
        if ((Format ?? LogExporter.FormatFromPath(path)) is not LogExportFormat format)
        {
            ThrowTerminatingError(ErrorRecords.Create("UnknownExportFormat", ErrorKind.InvalidInput,
                $"Cannot tell the format from '{System.IO.Path.GetFileName(path)}': name the file {LogExporter.KnownExtensions}, or give -Format Text, JsonLines or Csv.", Path));
            return;
        }
        try
        {
            // Before any call: a missing folder or a file that may not be replaced fails now, not after the read.
            AtomicFile.CheckTarget(path, Force);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, path);
        }
        var queries = BuildCollectedQueries();
        var from = LogExporter.Describe(queries);
        if (!ShouldProcess(path, $"Export log events as {format} from {from}"))
        {
            return;
        }
        WriteVerbose($"Exporting {from} to '{path}' as {format}.");
        var request = new LogExportRequest(queries, path, format) { Overwrite = Force, LimitPerGroup = Limit };
        var export = new LogExporter(GetSession().LogRead, Sink).ExportAsync(request, CancellationToken);
        LogExportSummary summary;
        try
        {
            summary = Wait(export);
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the export sees the cancellation and deletes its temporary file; the target was never touched.
            ((IAsyncResult)export).AsyncWaitHandle.WaitOne(CleanupWait);
            throw;
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, path);
            return;
        }
        WriteVerbose($"Wrote {summary.Events:N0} events ({summary.FormatBytes()}) to '{summary.Path}' in {summary.Elapsed.TotalSeconds:0.##} s.");
        if (PassThru)
        {
            WriteObject(summary);
        }
    }
}
