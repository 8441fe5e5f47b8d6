using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Metrics.Wire;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Metrics;

/// <summary>GetMetricData: MetricStat queries, epoch-aligned buckets, retention, pagination by MaxDatapoints.</summary>
internal sealed partial class MetricsHandler
{
    private const int DefaultMaxDatapoints = 100_800;

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")] private static partial Regex IdRegex();

    private sealed record StatQuery(string Id, string? Label, bool ReturnData, string Ns, string Name,
        List<KeyValuePair<string, string>> Dims, int Period, string Stat, double Percentile, string? Unit);

    private static long RetentionMs(int period) => period switch
    {
        < 60 => 3L * 3600_000,
        < 300 => 15L * 86_400_000,
        < 3600 => 63L * 86_400_000,
        _ => 455L * 86_400_000,
    };

    private static List<StatQuery> ReadQueries(QueryArgs q)
    {
        int n = q.Count("MetricDataQueries");
        if (n == 0) throw QueryArgs.Missing("MetricDataQueries");
        if (n > 500) throw QueryArgs.InvalidValue("The collection MetricDataQueries must not have a size greater than 500.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<StatQuery>(n);
        for (int i = 1; i <= n; i++)
        {
            string p = QueryArgs.Member("MetricDataQueries", i);
            string id = q.Required(p + ".Id");
            if (id.Length > 255 || !IdRegex().IsMatch(id))
                throw QueryArgs.InvalidValue($"The value {id} for parameter {p}.Id is invalid. Ids must start with a lowercase letter and contain only letters, numbers and underscores.");
            if (!ids.Add(id)) throw QueryArgs.InvalidValue($"The value {id} for parameter MetricDataQueries.member.Id is duplicated; Ids must be unique.");
            bool hasExpr = q.Get(p + ".Expression") is not null;
            bool hasStat = q.Has(p + ".MetricStat");
            if (hasExpr && hasStat)
                throw new ServiceError("InvalidParameterCombination", $"The parameters {p}.MetricStat and {p}.Expression are mutually exclusive.");
            if (hasExpr) throw QueryArgs.InvalidValue("Metric math expressions are not supported by the emulator");
            if (!hasStat) throw QueryArgs.Missing(p + ".MetricStat");

            string sp = p + ".MetricStat";
            string ns = q.Required(sp + ".Metric.Namespace");
            ValidateNamespace(ns, sp + ".Metric.Namespace");
            string name = q.Required(sp + ".Metric.MetricName");
            var dims = ReadDimensions(q, sp + ".Metric.Dimensions", 30);
            long period = q.Long(sp + ".Period") ?? throw QueryArgs.Missing(sp + ".Period");
            if (period <= 0 || period > int.MaxValue || !(period is 1 or 5 or 10 or 30 || period % 60 == 0))
                throw QueryArgs.InvalidValue($"The parameter {sp}.Period must be 1, 5, 10, 30, or a multiple of 60.");
            string stat = q.Required(sp + ".Stat");
            double pct = Statistics.Parse(stat) ?? throw QueryArgs.InvalidValue($"The value {stat} for parameter {sp}.Stat is invalid.");
            string? unit = q.Get(sp + ".Unit");
            if (unit is not null && !Units.Contains(unit)) throw QueryArgs.InvalidValue($"The value {unit} for parameter {sp}.Unit is invalid.");
            bool returnData = q.Bool(p + ".ReturnData") ?? true;
            list.Add(new StatQuery(id, q.Get(p + ".Label"), returnData, ns, name, dims, (int)period, stat, pct, unit));
        }
        return list;
    }

    /// <summary>All (timestamp, value) pairs of one query, ordered as requested.</summary>
    private List<(long Ts, double Value)> Evaluate(StatQuery sq, long startMs, long endMs, long nowMs, bool ascending)
    {
        var result = new List<(long, double)>();
        var series = _store.Find(sq.Ns, sq.Name, sq.Dims);
        if (series is null) return result;
        long periodMs = sq.Period * 1000L;
        long from = Math.Max(startMs - Mod(startMs, periodMs), nowMs - RetentionMs(sq.Period));
        var points = series.Slice(from, endMs);
        if (sq.Unit is not null) points = points.Where(p => p.Unit == sq.Unit).ToList();
        int i = 0;
        while (i < points.Count)
        {
            long bucket = points[i].TimestampMs - Mod(points[i].TimestampMs, periodMs);
            int j = i + 1;
            while (j < points.Count && points[j].TimestampMs < bucket + periodMs) j++;
            if (Statistics.Compute(sq.Stat, sq.Percentile, points, i, j) is { } v) result.Add((bucket, v));
            i = j;
        }
        if (!ascending) result.Reverse();
        return result;
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;

    private void GetMetricData(QueryArgs q, ShapeWriter w)
    {
        var start = q.Time("StartTime") ?? throw QueryArgs.Missing("StartTime");
        var end = q.Time("EndTime") ?? throw QueryArgs.Missing("EndTime");
        if (start >= end) throw QueryArgs.InvalidValue("The parameter StartTime must be less than the parameter EndTime.");
        string scanBy = q.Get("ScanBy") ?? "TimestampDescending";
        if (scanBy is not ("TimestampDescending" or "TimestampAscending"))
            throw QueryArgs.InvalidValue($"The value {scanBy} for parameter ScanBy is invalid.");
        long max = q.Long("MaxDatapoints") ?? DefaultMaxDatapoints;
        if (max < 1) throw QueryArgs.InvalidValue("The parameter MaxDatapoints must be greater than 0.");
        var queries = ReadQueries(q);

        int qi = 0, offset = 0;
        if (q.Get("NextToken") is { } tok)
        {
            var parts = OpaqueToken.Decode("gmd", tok)?.Split(':');
            if (parts is not { Length: 2 } || !int.TryParse(parts[0], out qi) || !int.TryParse(parts[1], out offset) || qi < 0 || offset < 0)
                throw new ServiceError("InvalidNextToken", "The service cannot find the specified NextToken.");
        }

        long nowMs = _store.Clock().ToUnixTimeMilliseconds();
        long budget = max;
        string? nextToken = null;
        w.StartList("MetricDataResults");
        for (; qi < queries.Count; qi++, offset = 0)
        {
            var sq = queries[qi];
            if (!sq.ReturnData) continue;
            if (budget <= 0) { nextToken = OpaqueToken.Encode("gmd", $"{qi}:0"); break; }
            var values = Evaluate(sq, start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds(), nowMs, scanBy == "TimestampAscending");
            int from = Math.Min(offset, values.Count);
            int take = (int)Math.Min(budget, values.Count - from);
            bool partial = from + take < values.Count;
            budget -= take;

            w.StartStructure(null);
            w.String("Id", sq.Id);
            w.String("Label", sq.Label ?? sq.Name);
            w.StartList("Timestamps");
            for (int k = from; k < from + take; k++) w.Timestamp(null, values[k].Ts);
            w.EndList();
            w.StartList("Values");
            for (int k = from; k < from + take; k++) w.Number(null, values[k].Value);
            w.EndList();
            w.String("StatusCode", partial ? "PartialData" : "Complete");
            w.StartList("Messages");
            w.EndList();
            w.EndStructure();

            if (partial) { nextToken = OpaqueToken.Encode("gmd", $"{qi}:{from + take}"); break; }
        }
        w.EndList();
        if (nextToken is not null) w.String("NextToken", nextToken);
        w.StartList("Messages");
        w.EndList();
    }
}
