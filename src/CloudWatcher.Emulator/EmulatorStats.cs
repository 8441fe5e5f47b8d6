using System.Collections.Concurrent;
using CloudWatcher.Emulator.Faults;

namespace CloudWatcher.Emulator;

/// <summary>Thread-safe count of requests per operation name (e.g. "ListMetrics", "GetLogEvents").</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _faultsByOperation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _gzipByOperation = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _logFormats = new(StringComparer.Ordinal);
    private readonly long[] _faults = new long[Enum.GetValues<FaultKind>().Length];
    private long _total;
    private long _emfEvents;
    private long _emfErrors;

    /// <summary>Requests seen for one operation (0 when none).</summary>
    public long Count(string operation) => _counts.TryGetValue(operation, out var n) ? Interlocked.Read(ref n) : 0;

    /// <summary>Requests for one operation whose body came gzip-compressed (Content-Encoding: gzip).</summary>
    public long GzipCount(string operation) => _gzipByOperation.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>PutLogEvents requests that declared this format in x-amzn-logs-format (e.g. "json/emf").</summary>
    public long LogFormatCount(string format) => _logFormats.TryGetValue(format, out var n) ? n : 0;

    /// <summary>Stored log events read as Embedded Metric Format, whose metrics were published.</summary>
    public long EmfEvents => Interlocked.Read(ref _emfEvents);

    /// <summary>Stored log events with an _aws member that are not valid EMF (CloudWatch's EMFValidationErrors): nothing was published from them.</summary>
    public long EmfValidationErrors => Interlocked.Read(ref _emfErrors);

    /// <summary>All requests seen (including failed and unknown ones).</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Copy of all per-operation counts.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    /// <summary>Injected faults by kind (test mode; all kinds present, zero when none).</summary>
    public IReadOnlyDictionary<FaultKind, long> Faults =>
        Enum.GetValues<FaultKind>().ToDictionary(k => k, k => Interlocked.Read(ref _faults[(int)k]));

    /// <summary>Injected faults of one kind.</summary>
    public long FaultCount(FaultKind kind) => Interlocked.Read(ref _faults[(int)kind]);

    /// <summary>Injected faults (any kind) for one operation.</summary>
    public long FaultCount(string operation) => _faultsByOperation.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>All injected faults.</summary>
    public long TotalFaults => _faults.Sum(n => Interlocked.Read(ref n));

    /// <summary>Forget all counts (requests and faults).</summary>
    public void Reset()
    {
        _counts.Clear();
        _faultsByOperation.Clear();
        _gzipByOperation.Clear();
        _logFormats.Clear();
        Interlocked.Exchange(ref _emfEvents, 0);
        Interlocked.Exchange(ref _emfErrors, 0);
        for (int i = 0; i < _faults.Length; i++) Interlocked.Exchange(ref _faults[i], 0);
        Interlocked.Exchange(ref _total, 0);
    }

    internal void RecordFault(FaultKind kind, string operation)
    {
        Interlocked.Increment(ref _faults[(int)kind]);
        _faultsByOperation.AddOrUpdate(operation, 1, static (_, n) => n + 1);
    }

    internal void RecordLogFormat(string format) => _logFormats.AddOrUpdate(format, 1, static (_, n) => n + 1);

    internal void RecordEmf(bool valid) => Interlocked.Increment(ref valid ? ref _emfEvents : ref _emfErrors);

    internal void RecordGzip(string operation) => _gzipByOperation.AddOrUpdate(operation, 1, static (_, n) => n + 1);

    internal void Record(string operation)
    {
        _counts.AddOrUpdate(operation, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }
}
