using System.Collections.Concurrent;
using System.Globalization;
using CloudWatcher.Lifetime;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>
/// The live reporters of the process (Get-CwMetricReporter lists them; Write-CwMetric -Reporter finds its reporter
/// here), each with an id unique in the process and a name unique among the live ones, so a script that starts its
/// reporter twice hears about it instead of leaking one. A reporter leaves when it has stopped.
/// </summary>
public sealed class ReporterDirectory
{
    private readonly ConcurrentDictionary<int, Reporter> _live = new();
    private readonly ConcurrentDictionary<int, IDisposable> _registrations = new();
    private readonly object _gate = new();
    private int _nextId;

    /// <summary>The process-wide directory the module uses.</summary>
    public static ReporterDirectory Shared { get; } = new();

    /// <summary>An id for a reporter about to be made.</summary>
    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Adds a reporter; MetricReporterExists when a live one has its name (names are compared without regard to case).</summary>
    public void Add(Reporter reporter)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        lock (_gate)
        {
            if (_live.Values.FirstOrDefault(r => string.Equals(r.Name, reporter.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                throw new CloudWatcherException("MetricReporterExists", ErrorKind.AlreadyExists,
                    $"A metric reporter named '{existing.Name}' is running already (Id {existing.Id}, started {existing.Started:u}).", reporter.Name)
                {
                    RecommendedAction = $"Stop it first (Stop-CwMetricReporter -Name '{existing.Name}'), or give the new one another -Name.",
                };
            }
            _live[reporter.Id] = reporter;
        }
    }

    /// <summary>
    /// Adds and starts a reporter, and registers it with the lifetime registry for its owner (a runspace), so that it
    /// is stopped (with a last flush) when the module is removed, the runspace closes or the process exits.
    /// </summary>
    public void Start(Reporter reporter, ObjectRegistry registry, Guid owner)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Add(reporter);
        reporter.Start();
        _registrations[reporter.Id] = registry.Register(owner, $"metric reporter '{reporter.Name}'", async abort =>
        {
            var summary = await StopAsync(reporter, abort).ConfigureAwait(false);
            if (summary.ValuesLost > 0)
            {
                throw new CloudWatcherException("MetricReporterDataLost", ErrorKind.WriteFailed,
                    string.Create(CultureInfo.InvariantCulture, $"{summary.ValuesLost:N0} value(s) could not be sent: {summary.Error}"), reporter.Name);
            }
        }, reporter.Dispose);
    }

    /// <summary>Stops a reporter (its last flush cut short by <paramref name="abort"/>), takes it out of the registry and the directory, and lets go of its connection.</summary>
    public async Task<ReporterStopSummary> StopAsync(Reporter reporter, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        if (_registrations.TryRemove(reporter.Id, out var registration))
        {
            registration.Dispose();
        }
        var summary = await reporter.StopAsync(abort).ConfigureAwait(false);
        Remove(reporter);
        await reporter.DisposeAsync().ConfigureAwait(false);
        return summary;
    }

    public void Remove(Reporter reporter) => _live.TryRemove(new KeyValuePair<int, Reporter>(reporter.Id, reporter));

    /// <summary>The live reporter with this id, or null.</summary>
    public Reporter? Find(int id) => _live.TryGetValue(id, out var reporter) ? reporter : null;

    /// <summary>The live reporters, oldest first.</summary>
    public IReadOnlyList<Reporter> All() => _live.Values.OrderBy(r => r.Id).ToList();
}
