using System.Globalization;
using System.Management.Automation;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Sends what Write-CwLog left in the spool, oldest first, for the streams of this connection's region and endpoint;
/// calls that were out when a writer ended are checked first, so what already arrived is not sent twice.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "CwLogSpool", SupportsShouldProcess = true)]
[OutputType(typeof(LogWriteSummary))]
public sealed class SendCwLogSpoolCommand : AwsCmdlet
{
    private readonly SpoolSelection _selection = new();
    private LogWriter? _writer;

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? LogGroupName { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? LogStreamName { get; set; }

    /// <summary>The spool folder (default CLOUDWATCHER_SPOOL_PATH, else CloudWatcher/spool in the local application data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpoolPath { get; set; }

    /// <summary>On Ctrl+C: how long to go on sending before the rest is left in the spool.</summary>
    [Parameter]
    [ValidateRange(0, 300)]
    public double FlushTimeoutSec { get; set; } = 5;

    /// <summary>Write a LogWriteSummary per stream sent.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (LogGroupName is not null || LogStreamName is not null || MyInvocation.ExpectingInput)
        {
            _selection.Add(LogGroupName, LogStreamName);
        }
    }

    protected override void EndProcessing()
    {
        List<LogSpoolEntry> entries;
        string root;
        try
        {
            root = SpoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(SpoolPath, nameof(SpoolPath));
            entries = new LogSpool(root).List(WriteWarning).Where(e => _selection.Matches(e.LogGroupName, e.LogStreamName)).ToList();
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, SpoolPath);
            return;
        }
        if (entries.Count == 0)
        {
            WriteVerbose($"Nothing is spooled in '{root}' for the streams asked for.");
            return;
        }
        var session = GetSession();
        var reached = entries.Where(e => Destination(e).IsReachedBy(session.Region, session.Endpoint)).ToList();
        var others = entries.Except(reached).ToList();
        if (others.Count > 0)
        {
            var names = string.Join("; ", others.Select(e => $"{e.LogGroupName} / {e.LogStreamName} ({e.Region}{(e.Endpoint is null ? "" : ", " + e.Endpoint)})"));
            WriteWarning(string.Create(CultureInfo.InvariantCulture,
                $"{others.Count} spooled streams are for another region or endpoint and were not sent: {names}. Send them with that -Region and -EndpointUrl (Get-CwLogSpool lists them)."));
        }
        foreach (var entry in reached)
        {
            if (!ShouldProcess($"{entry.LogGroupName} / {entry.LogStreamName}",
                string.Create(CultureInfo.InvariantCulture, $"Send {entry.Events:N0} spooled log events")))
            {
                continue;
            }
            Send(session, entry, root);
        }
    }

    protected override void StopProcessing()
    {
        base.StopProcessing();
        _ = _writer?.StopAsync(TimeSpan.FromSeconds(FlushTimeoutSec));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _writer is not null)
        {
            _writer.StopAsync(TimeSpan.FromSeconds(FlushTimeoutSec)).Wait(TimeSpan.FromSeconds(FlushTimeoutSec + 2));
        }
        base.Dispose(disposing);
    }

    private void Send(Sessions.ICloudWatcherSession session, LogSpoolEntry entry, string root)
    {
        var options = new LogWriterOptions { SpoolPath = root, ResendSpool = true, StopFlushTimeout = TimeSpan.FromSeconds(FlushTimeoutSec) };
        _writer = new LogWriter(Destination(entry), options, session.LogWrite, session.LogGroupAdmin, session.LogRead, Sink);
        try
        {
            _writer.Start();
            var summary = Wait(_writer.CompleteAsync(CancellationToken));
            ReportFailures();
            if (summary.Spooled > 0)
            {
                WriteWarning(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Spooled:N0} events of {entry.LogGroupName} / {entry.LogStreamName} are still in the spool: their files are in use by a running Write-CwLog or Send-CwLogSpool."));
            }
            if (PassThru)
            {
                WriteObject(summary);
            }
        }
        catch (CloudWatcherException ex)
        {
            ReportFailures();
            WriteFailure(ex, entry.Path);
        }
        finally
        {
            if (!CancellationToken.IsCancellationRequested)
            {
                _writer = null; // after Ctrl+C, Dispose waits for its bounded stop
            }
        }
    }

    private void ReportFailures()
    {
        while (_writer is not null && _writer.TryTakeFailure(out var failure))
        {
            WriteError(ErrorRecords.From(failure, failure.Target));
        }
    }

    private static LogDestination Destination(LogSpoolEntry entry) => new(entry.Region, entry.Endpoint, entry.LogGroupName, entry.LogStreamName);
}
