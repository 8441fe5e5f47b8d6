using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using CloudWatcher.Diagnostics;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// The engine's voice adapted to a cmdlet, once: the engine reports from any thread, the messages queue up, and the
/// cmdlet writes them on its pipeline thread (Write* is only allowed there). Progress is shown only for work that
/// takes more than one step, at most four times a second, and completed only when it was shown.
/// </summary>
internal sealed class CmdletSink : IEngineSink, IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentQueue<Action<Cmdlet>> _pending = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly Dictionary<ProgressActivity, long> _lastShown = new();

    /// <summary>Set when something is waiting to be written.</summary>
    public WaitHandle Signal => _signal;

    public void Warning(string message) => Enqueue(c => c.WriteWarning(message));

    public void Verbose(string message) => Enqueue(c => c.WriteVerbose(message));

    public void Debug(string message) => Enqueue(c => c.WriteDebug(message));

    public void Progress(ProgressReport report)
    {
        if (report.Completed || report.IsWorthShowing)
        {
            Enqueue(c => WriteProgress(c, report));
        }
    }

    /// <summary>Writes everything queued; call on the pipeline thread only.</summary>
    public void Drain(Cmdlet cmdlet)
    {
        while (_pending.TryDequeue(out var write))
        {
            write(cmdlet);
        }
    }

    public void Dispose() => _signal.Dispose();

    private void Enqueue(Action<Cmdlet> write)
    {
        _pending.Enqueue(write);
        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The command has ended; a background task reporting late is not worth an error.
        }
    }

    private void WriteProgress(Cmdlet cmdlet, ProgressReport report)
    {
        var (id, title) = ProgressIds.For(report.Activity);
        var now = Stopwatch.GetTimestamp();
        if (report.Completed)
        {
            if (_lastShown.Remove(report.Activity))
            {
                cmdlet.WriteProgress(new ProgressRecord(id, title, report.Status) { RecordType = ProgressRecordType.Completed });
            }
            return;
        }
        if (_lastShown.TryGetValue(report.Activity, out var last) && Stopwatch.GetElapsedTime(last, now) < ProgressInterval && report.MoreToCome)
        {
            return;
        }
        _lastShown[report.Activity] = now;
        cmdlet.WriteProgress(new ProgressRecord(id, title, report.Status) { PercentComplete = report.PercentComplete ?? -1 });
    }
}
