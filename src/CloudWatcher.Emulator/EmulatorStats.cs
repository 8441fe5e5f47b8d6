using System.Collections.Concurrent;

namespace CloudWatcher.Emulator;

/// <summary>Thread-safe count of requests per operation name (e.g. "ListMetrics", "GetLogEvents").</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Requests seen for one operation (0 when none).</summary>
    public long Count(string operation) => _counts.TryGetValue(operation, out var n) ? Interlocked.Read(ref n) : 0;

    /// <summary>All requests seen (including failed and unknown ones).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Copy of all per-operation counts.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>Forget all counts.</summary>
    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    internal void Record(string operation)
    {
        _counts.AddOrUpdate(operation, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }
}
