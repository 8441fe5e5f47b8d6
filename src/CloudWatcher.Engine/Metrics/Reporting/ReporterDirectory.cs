using System.Collections.Concurrent;
using System.Globalization;
using CloudWatcher.Lifetime;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>
/// The live reporters of the process (Write-CwMetric -Reporter finds its reporter here), each with an id unique in the
/// process, an owner (the runspace that started it: Get-CwMetricReporter lists that runspace's, as Get-Job does) and a
/// name unique among its owner's live ones, so a script that starts its reporter twice hears about it instead of
/// leaking one. A reporter leaves when it has stopped.
/// </summary>
public sealed class ReporterDirectory
{
    private readonly ConcurrentDictionary<int, Reporter> _live = new();
    private readonly ConcurrentDictionary<int, Guid> _owners = new();
    private readonly ConcurrentDictionary<int, IDisposable> _registrations = new();
    private readonly object _gate = new();
    private int _nextId;

    /// <summary>The process-wide directory the module uses.</summary>
    public static ReporterDirectory Shared { get; } = new();

    /// <summary>An id for a reporter about to be made.</summary>
    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Adds a reporter; MetricReporterExists when a live one of the owner has its name (names are compared without regard to case).</summary>
    public void Add(Reporter reporter, Guid owner = default)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        lock (_gate)
        {
            if (All(owner).FirstOrDefault(r => string.Equals(r.Name, reporter.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            {
                throw new CloudWatcherException("MetricReporterExists", ErrorKind.AlreadyExists,
                    $"A metric reporter named '{existing.Name}' is running already (Id {existing.Id}, started {existing.Started:u}).", reporter.Name)
                {
                    RecommendedAction = $"Stop it first (Stop-CwMetricReporter -Name '{existing.Name}'), or give the new one another -Name.",
                };
            }
            _owners[reporter.Id] = owner;
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
        Add(reporter, owner);
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

    public void Remove(Reporter reporter)
    {
        if (_live.TryRemove(new KeyValuePair<int, Reporter>(reporter.Id, reporter)))
        {
            _owners.TryRemove(reporter.Id, out _);
        }
    }

    /// <summary>The live reporter with this id, or null.</summary>
    public Reporter? Find(int id) => _live.TryGetValue(id, out var reporter) ? reporter : null;

    /// <summary>The live reporters of an owner (of every owner when null), oldest first.</summary>
    public IReadOnlyList<Reporter> All(Guid? owner = null) =>
        _live.Values.Where(r => owner is null || (_owners.TryGetValue(r.Id, out var o) && o == owner)).OrderBy(r => r.Id).ToList();
}
