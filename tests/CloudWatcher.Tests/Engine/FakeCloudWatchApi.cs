using System.Globalization;
using System.Text.RegularExpressions;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// In-memory fake of the engine's CloudWatch ports, held to the emulator by tests/.../Contract: ListMetrics with filters
/// and paging; PutMetricData that checks what CloudWatch checks and keeps every datum (Value, Values/Counts,
/// StatisticValues, unit); GetMetricData of MetricStat queries that aggregates per period (buckets aligned to the
/// epoch, as the emulator does) with the statistic asked for, honours Unit, ScanBy, ReturnData, labels and pages by
/// MaxDatapoints. Retention only for periods under a minute (3 hours); no expressions. Errors carry the AWS error
/// code and the operation.
/// </summary>
internal sealed partial class FakeCloudWatchApi : IMetricReadApi, IMetricCatalogApi, IMetricWriteApi
{
    private const string Service = "CloudWatch";

    private static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    private readonly List<MetricInfo> _metrics = new();
    private readonly Dictionary<string, List<Datapoint>> _data = new(StringComparer.Ordinal);

    /// <summary>One stored datum; Unit null (AddData) matches any unit filter; Distribution only for Values/Counts or a single value.</summary>
    private sealed record Datapoint(long Ms, string? Unit, double SampleCount, double Sum, double Min, double Max, (double Value, double Count)[] Distribution);

    /// <summary>Metrics per ListMetrics page (the service's is 500).</summary>
    public int PageSize { get; init; } = 500;

    public List<ListMetricsRequest> ListCalls { get; } = new();

    /// <summary>When set, every page answers with this token (a misbehaving service).</summary>
    public string? StuckToken { get; init; }

    public List<GetMetricDataRequest> DataCalls { get; } = new();

    /// <summary>Datapoints per GetMetricData page before a NextToken (the real limit is 100,800); MaxDatapoints may lower it.</summary>
    public int MaxDatapointsPerPage { get; init; } = 100_800;

    /// <summary>Messages the service adds to every result, e.g. to test warnings.</summary>
    public MetricMessage? ResultMessage { get; init; }

    public List<PutMetricDataRequest> PutCalls { get; } = new();

    /// <summary>When set, a PutMetricData call for which it returns an exception fails with it (throttling, refusals).</summary>
    public Func<PutMetricDataRequest, Exception?>? FailPut { get; set; }

    /// <summary>The largest body PutMetricData takes (the emulator's: 2^20 bytes).</summary>
    public const int MaxBodyBytes = 1_048_576;

    /// <summary>Lists a metric (no data), with its dimensions in the order given.</summary>
    public void Add(string ns, string name, params Dimension[] dimensions) => _metrics.Add(new MetricInfo(ns, name, dimensions));

    /// <summary>Replaces the metric's data with single values (any unit) at these times.</summary>
    public void AddData(MetricIdentity metric, IEnumerable<(DateTime, double)> points) =>
        _data[Key(metric)] = points.Select(p => Single(Epoch.ToMilliseconds(p.Item1), null, p.Item2)).OrderBy(p => p.Ms).ToList();

    public Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ListCalls.Add(request);
        var matching = _metrics
            .Where(m => request.Namespace is null || m.Namespace == request.Namespace)
            .Where(m => request.MetricName is null || m.MetricName == request.MetricName)
            .Where(m => request.Dimensions.All(f => m.Dimensions.Any(d => d.Name == f.Name && (f.Value is null || d.Value == f.Value))))
            .ToList();
        var start = int.TryParse(request.NextToken?.Split('-')[^1], CultureInfo.InvariantCulture, out var n) ? n : 0;
        var page = matching.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < matching.Count ? $"page-{start + PageSize}" : null;
        return Task.FromResult(new ListMetricsResult(page, StuckToken ?? next));
    }

    /// <summary>
    /// Checks the whole request first (nothing is stored when a datum is refused), then keeps each datum, its time cut
    /// to the minute (standard resolution) or the second (high resolution) as CloudWatch stores it. The body is
    /// measured as the wire client would send it in JSON, uncompressed, against 2^20 bytes (the emulator's limit).
    /// </summary>
    public Task<PutMetricDataResult> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken)
    {
        const string op = "PutMetricData";
        cancellationToken.ThrowIfCancellationRequested();
        PutCalls.Add(request);
        if (FailPut?.Invoke(request) is { } failure)
        {
            throw failure;
        }
        var bytes = CloudWatcher.Aws.Metrics.CloudWatchApi.JsonBytes(request);
        if (bytes > MaxBodyBytes)
        {
            throw new CloudWatcherServiceException(Service, op, "RequestEntityTooLarge", ErrorKind.LimitExceeded, 413, null,
                $"{Service} {op} failed (RequestEntityTooLarge): Request size {bytes} exceeded {MaxBodyBytes} bytes");
        }
        var ns = request.Namespace;
        if (string.IsNullOrEmpty(ns))
        {
            throw Error(op, "MissingParameter", "The parameter Namespace is required.");
        }
        if (ns.Length > 255 || ns.StartsWith(':') || ns.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw Invalid(op, $"The value {ns} for parameter Namespace is invalid.");
        }
        if (request.Data.Count is 0 or > 1000)
        {
            throw request.Data.Count == 0 ? Error(op, "MissingParameter", "The parameter MetricData is required.") : Invalid(op, "The collection MetricData must not have a size greater than 1000.");
        }
        var now = DateTimeOffset.UtcNow;
        var parsed = request.Data.Select(d => (Metric: new MetricIdentity(ns, d.MetricName, CheckDimensions(op, d.Dimensions, 30)), Point: Parse(op, d, now))).ToList();
        foreach (var (metric, point) in parsed)
        {
            if (!_metrics.Any(m => Key(new MetricIdentity(m.Namespace, m.MetricName, m.Dimensions)) == Key(metric)))
            {
                _metrics.Add(new MetricInfo(ns, metric.MetricName, metric.Dimensions.OrderBy(x => x.Name, StringComparer.Ordinal).ToList()));
            }
            var points = _data.TryGetValue(Key(metric), out var existing) ? existing : _data[Key(metric)] = new List<Datapoint>();
            points.Insert(points.FindLastIndex(p => p.Ms <= point.Ms) + 1, point);
        }
        return Task.FromResult(new PutMetricDataResult(1));
    }

    public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        const string op = "GetMetricData";
        cancellationToken.ThrowIfCancellationRequested();
        DataCalls.Add(request);
        var startMs = Epoch.ToMilliseconds(request.StartTime);
        var endMs = Epoch.ToMilliseconds(request.EndTime);
        if (startMs >= endMs)
        {
            throw Invalid(op, "The parameter StartTime must be less than the parameter EndTime.");
        }
        if (request.MaxDatapoints is < 1)
        {
            throw Invalid(op, "The parameter MaxDatapoints must be greater than 0.");
        }
        CheckQueries(op, request.Queries);
        // The token is "query index:datapoints of that query already returned", as the emulator pages.
        var (qi, offset) = (0, 0);
        if (request.NextToken is { } token)
        {
            var parts = token.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out qi) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out offset))
            {
                throw Error(op, "InvalidNextToken", "The service cannot find the specified NextToken.");
            }
        }
        long budget = Math.Min(request.MaxDatapoints ?? MaxDatapointsPerPage, MaxDatapointsPerPage);
        string? next = null;
        var results = new List<MetricDataResult>();
        var messages = ResultMessage is null ? Array.Empty<MetricMessage>() : new[] { ResultMessage };
        for (; qi < request.Queries.Count; qi++, offset = 0)
        {
            var q = request.Queries[qi];
            if (!q.ReturnData)
            {
                continue;
            }
            if (budget <= 0)
            {
                next = string.Create(CultureInfo.InvariantCulture, $"{qi}:0");
                break;
            }
            var values = Evaluate(q.MetricStat!, startMs, endMs, request.ScanAscending);
            var from = Math.Min(offset, values.Count);
            var take = (int)Math.Min(budget, values.Count - from);
            var partial = from + take < values.Count;
            budget -= take;
            var slice = values.Skip(from).Take(take).ToList();
            results.Add(new MetricDataResult(q.Id, q.Label ?? q.MetricStat!.Metric.MetricName, slice.Select(v => Epoch.FromMilliseconds(v.Ms)).ToList(),
                slice.Select(v => v.Value).ToList(), partial ? "PartialData" : "Complete", messages));
            if (partial)
            {
                next = string.Create(CultureInfo.InvariantCulture, $"{qi}:{from + take}");
                break;
            }
        }
        return Task.FromResult(new GetMetricDataResult(results, next, Array.Empty<MetricMessage>()));
    }

    /// <summary>One value per period bucket (start = a multiple of the period since the epoch) that has data.</summary>
    private List<(long Ms, double Value)> Evaluate(MetricStat stat, long startMs, long endMs, bool ascending)
    {
        var periodMs = stat.Period * 1000L;
        var from = startMs - Mod(startMs, periodMs);
        if (stat.Period < 60)
        {
            // Sub-minute periods read high-resolution data of the last 3 hours only, as CloudWatch keeps it.
            from = Math.Max(from, DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds());
        }
        var points = (_data.TryGetValue(Key(stat.Metric), out var p) ? p : new List<Datapoint>())
            .Where(x => x.Ms >= from && x.Ms < endMs && (stat.Unit is null || x.Unit is null || x.Unit == stat.Unit));
        var buckets = points.GroupBy(x => x.Ms - Mod(x.Ms, periodMs))
            .Select(g => (Ms: g.Key, Value: Aggregate(stat.Stat, g.ToList())))
            .Where(b => b.Value is not null)
            .Select(b => (b.Ms, b.Value!.Value));
        return (ascending ? buckets.OrderBy(b => b.Ms) : buckets.OrderByDescending(b => b.Ms)).ToList();
    }

    private static double? Aggregate(string stat, List<Datapoint> points) => stat switch
    {
        "SampleCount" => points.Sum(x => x.SampleCount),
        "Sum" => points.Sum(x => x.Sum),
        "Average" => points.Sum(x => x.Sum) / points.Sum(x => x.SampleCount),
        "Minimum" => points.Min(x => x.Min),
        "Maximum" => points.Max(x => x.Max),
        _ => Percentile(double.Parse(stat.AsSpan(1), CultureInfo.InvariantCulture), points),
    };

    /// <summary>Nearest rank over the stored distributions (the emulator's rule); null when no datum carries one.</summary>
    private static double? Percentile(double pct, List<Datapoint> points)
    {
        var dist = points.SelectMany(x => x.Distribution).Where(d => d.Count > 0).OrderBy(d => d.Value).ToList();
        if (dist.Count == 0)
        {
            return null;
        }
        var rank = pct / 100 * dist.Sum(d => d.Count);
        var cumulative = 0.0;
        foreach (var (value, count) in dist)
        {
            cumulative += count;
            if (cumulative >= rank - 1e-9)
            {
                return value;
            }
        }
        return dist[^1].Value;
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]{0,254}$")]
    private static partial Regex QueryId();

    [GeneratedRegex(@"^(Average|Sum|Minimum|Maximum|SampleCount|p(\d{1,2}(\.\d{1,10})?|100(\.0{1,10})?))$")]
    private static partial Regex Statistic();

    private static void CheckQueries(string op, IReadOnlyList<MetricDataQuery> queries)
    {
        if (queries.Count is 0 or > 500)
        {
            throw Invalid(op, "MetricDataQueries must hold 1 to 500 queries.");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in queries)
        {
            if (!QueryId().IsMatch(q.Id) || !ids.Add(q.Id))
            {
                throw Invalid(op, $"The value {q.Id} for parameter MetricDataQueries.member.Id is invalid: ids start with a lowercase letter, hold letters, digits and '_', and are unique.");
            }
            if (q.MetricStat is not { } stat)
            {
                throw Invalid(op, "The fake does not evaluate expressions.");
            }
            if (stat.Period <= 0 || !(stat.Period is 1 or 5 or 10 or 30 || stat.Period % 60 == 0))
            {
                throw Invalid(op, "The parameter MetricStat.Period must be 1, 5, 10, 30, or a multiple of 60.");
            }
            if (!Statistic().IsMatch(stat.Stat))
            {
                throw Invalid(op, $"The value {stat.Stat} for parameter MetricStat.Stat is invalid.");
            }
            if (stat.Unit is not null && !Units.Contains(stat.Unit))
            {
                throw Invalid(op, $"The value {stat.Unit} for parameter MetricStat.Unit is invalid.");
            }
            CheckDimensions(op, stat.Metric.Dimensions, 30);
        }
    }

    private static IReadOnlyList<Dimension> CheckDimensions(string op, IReadOnlyList<Dimension> dimensions, int max)
    {
        if (dimensions.Count > max)
        {
            throw Invalid(op, $"The collection Dimensions must not have a size greater than {max}.");
        }
        if (dimensions.Any(d => d.Value is null))
        {
            throw Error(op, "MissingParameter", "The parameter Dimensions.member.Value is required.");
        }
        if (dimensions.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != dimensions.Count)
        {
            throw Invalid(op, "No metric may have duplicate dimension names.");
        }
        return dimensions;
    }

    /// <summary>A datum as CloudWatch keeps it, or the error CloudWatch answers for it.</summary>
    private static Datapoint Parse(string op, MetricDatum d, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(d.MetricName) || d.MetricName.Length > 255)
        {
            throw Invalid(op, "The parameter MetricName must be 1 to 255 characters.");
        }
        var ms = d.Timestamp is DateTime t ? Epoch.ToMilliseconds(t) : now.ToUnixTimeMilliseconds();
        if (ms < now.AddDays(-14).ToUnixTimeMilliseconds() || ms > now.AddHours(2).ToUnixTimeMilliseconds())
        {
            throw Invalid(op, "The parameter Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.");
        }
        var unit = d.Unit ?? "None";
        if (!Units.Contains(unit))
        {
            throw Invalid(op, $"The value {unit} for parameter Unit is invalid.");
        }
        if (d.StorageResolution is not (null or 1 or 60))
        {
            throw Invalid(op, $"The value {d.StorageResolution} for parameter StorageResolution is invalid. Valid values are 1 and 60.");
        }
        ms -= Mod(ms, (d.StorageResolution ?? 60) * 1000L);
        var hasValues = d.Values is { Count: > 0 };
        if ((d.Value is null ? 0 : 1) + (d.StatisticValues is null ? 0 : 1) + (hasValues ? 1 : 0) > 1)
        {
            throw Error(op, "InvalidParameterCombination", "The parameters Value, Values and StatisticValues are mutually exclusive and you have specified more than one.");
        }
        if (d.Counts is { Count: > 0 } && !hasValues)
        {
            throw Error(op, "InvalidParameterCombination", "The parameter Counts requires Values.");
        }
        if (d.Value is double v)
        {
            return Single(ms, unit, Check(op, v));
        }
        if (d.StatisticValues is { } s)
        {
            var (count, sum, min, max) = (Check(op, s.SampleCount), Check(op, s.Sum), Check(op, s.Minimum), Check(op, s.Maximum));
            if (count <= 0 || min > max)
            {
                throw Invalid(op, "StatisticValues need a SampleCount above 0 and a Minimum no greater than the Maximum.");
            }
            return new Datapoint(ms, unit, count, sum, min, max, min == max ? new[] { (min, count) } : Array.Empty<(double, double)>());
        }
        if (!hasValues)
        {
            throw Error(op, "MissingParameter", "The parameter Value is required.");
        }
        var values = d.Values!.Select(x => Check(op, x)).ToArray();
        var counts = d.Counts is { Count: > 0 } c ? c.Select(x => Check(op, x)).ToArray() : values.Select(_ => 1.0).ToArray();
        if (values.Length > 150 || counts.Length != values.Length || counts.Any(x => x < 0) || counts.Sum() <= 0)
        {
            throw Invalid(op, "Values (at most 150) and Counts must be of the same size, with counts of 0 or more and at least one above 0.");
        }
        var pairs = values.Zip(counts).ToArray();
        return new Datapoint(ms, unit, counts.Sum(), pairs.Sum(p => p.First * p.Second), values.Min(), values.Max(), pairs);
    }

    private static Datapoint Single(long ms, string? unit, double value) => new(ms, unit, 1, value, value, value, new[] { (value, 1.0) });

    /// <summary>CloudWatch refuses NaN, infinities and magnitudes beyond 2^360, and stores those under 2^-260 as 0.</summary>
    private static double Check(string op, double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > Math.Pow(2, 360))
        {
            throw Invalid(op, $"The value {value.ToString(CultureInfo.InvariantCulture)} is invalid: values must be finite and in the range -2^360 to 2^360.");
        }
        return value != 0 && Math.Abs(value) < Math.Pow(2, -260) ? 0 : value;
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;

    private static string Key(MetricIdentity m) =>
        m.Namespace + "|" + m.MetricName + "|" + string.Join(",", m.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.ToString()));

    private static CloudWatcherServiceException Invalid(string op, string message) => Error(op, "InvalidParameterValue", message);

    private static CloudWatcherServiceException Error(string op, string code, string message) =>
        new(Service, op, code, ErrorKind.InvalidInput, 400, null, $"{Service} {op} failed ({code}): {message}");
}
