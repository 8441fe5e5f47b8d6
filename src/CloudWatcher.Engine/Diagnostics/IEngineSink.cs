namespace CloudWatcher.Diagnostics;

/// <summary>
/// How the engine speaks to whoever runs it: warnings, verbose notes and progress. The cmdlets adapt it once (in
/// their base class) to WriteWarning/WriteVerbose/WriteProgress on the pipeline thread; tests record it. It may be
/// called from any thread. No PowerShell type appears here.
/// </summary>
public interface IEngineSink
{
    /// <summary>Something the user should know that does not stop the work (a gap in data, throttling waited out).</summary>
    void Warning(string message);

    /// <summary>What the engine is doing, for -Verbose.</summary>
    void Verbose(string message);

    /// <summary>Details of each call and page, for -Debug.</summary>
    void Debug(string message);

    /// <summary>Where long work stands.</summary>
    void Progress(ProgressReport report);
}

/// <summary>The kinds of long work; the cmdlets give each a stable progress id and title.</summary>
public enum ProgressActivity
{
    ListingMetrics,
    ReadingMetrics,
    ListingLogGroups,
    ListingLogStreams,
    ReadingLogEvents,
    WatchingLogEvents,
    WritingLogEvents,
    SendingSpooledLogEvents,
    PublishingMetrics,
    ExportingLogEvents,
}

/// <summary>
/// One step of long work. <paramref name="Step"/> counts the calls or pages so far; <paramref name="MoreToCome"/> says
/// another is known to follow. Work of one step that ends there is not worth a progress bar, so sinks show a report
/// only from the second step on, or when more is to come. <paramref name="Completed"/> ends the activity.
/// </summary>
public sealed record ProgressReport(ProgressActivity Activity, string Status, int Step, bool MoreToCome = false, int? PercentComplete = null, bool Completed = false)
{
    public bool IsWorthShowing => Step > 1 || MoreToCome;
}

/// <summary>A sink that drops everything (engine calls made without a listener).</summary>
public sealed class NullSink : IEngineSink
{
    public static readonly NullSink Instance = new();

    private NullSink()
    {
    }

    public void Warning(string message)
    {
    }

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Progress(ProgressReport report)
    {
    }
}
