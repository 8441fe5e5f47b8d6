using CloudWatcher.Emulator.Metrics.Wire;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Metrics;

/// <summary>
/// CloudWatch operations: PutMetricData and ListMetrics (GetMetricData lives in its own file). Requests arrive
/// flattened (<see cref="QueryArgs"/>) whichever protocol carried them; answers are written through a
/// <see cref="ShapeWriter"/> in the request's protocol.
/// </summary>
internal sealed partial class MetricsHandler
{
    public const int MaxBodyBytes = 1_048_576;
    private const int ListPageSize = 500;
    private static readonly double MaxMagnitude = Math.Pow(2, 360);
    private static readonly double MinMagnitude = Math.Pow(2, -260);

    internal static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal) { "PutMetricData", "ListMetrics", "GetMetricData" };

    private readonly MetricStore _store;

    public MetricsHandler(MetricStore store) => _store = store;

    public static bool IsKnown(string action) => Operations.Contains(action);

    public byte[] Handle(string action, QueryArgs q, int bodyLength, string requestId, CloudWatchWireFormat format)
    {
        switch (action)
        {
            case "PutMetricData":
                // Counted on the body as the operation reads it: decoded when it came gzip-compressed.
                if (bodyLength > MaxBodyBytes)
                    throw new ServiceError("RequestEntityTooLarge", $"Request size {bodyLength} exceeded {MaxBodyBytes} bytes", 413);
                PutMetricData(q);
                using (var empty = ShapeWriter.For(format, action, hasResult: false)) return empty.Finish(requestId);
            case "ListMetrics":
            {
                using var r = ShapeWriter.For(format, action);
                ListMetrics(q, r);
                return r.Finish(requestId);
            }
            case "GetMetricData":
            {
                using var r = ShapeWriter.For(format, action);
                GetMetricData(q, r);
                return r.Finish(requestId);
            }
            default:
                throw new ServiceError("InvalidAction", $"Could not find operation {action} for version 2010-08-01");
        }
    }

    internal static void ValidateNamespace(string ns, string key)
    {
        if (ns.Length > 255) throw QueryArgs.InvalidValue($"The parameter {key} must be no longer than 255 characters.");
        if (ns.StartsWith(':')) throw QueryArgs.InvalidValue($"The value {ns} for parameter {key} is invalid.");
    }

    internal static List<KeyValuePair<string, string>> ReadDimensions(QueryArgs q, string prefix, int max)
    {
        int n = q.Count(prefix);
        if (n > max) throw QueryArgs.InvalidValue($"The collection {prefix} must not have a size greater than {max}.");
        var dims = new List<KeyValuePair<string, string>>(n);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i <= n; i++)
        {
            string p = QueryArgs.Member(prefix, i);
            string name = q.Required(p + ".Name");
            string value = q.Required(p + ".Value");
            if (name.Length > 255) throw QueryArgs.InvalidValue($"The parameter {p}.Name must be no longer than 255 characters.");
            if (value.Length > 1024) throw QueryArgs.InvalidValue($"The parameter {p}.Value must be no longer than 1024 characters.");
            if (!seen.Add(name)) throw QueryArgs.InvalidValue($"No metric may have duplicate dimension names: {name}.");
            dims.Add(new(name, value));
        }
        return dims;
    }

    private static double CheckValue(double v, string key)
    {
        if (double.IsNaN(v) || double.IsInfinity(v))
            throw QueryArgs.InvalidValue($"The value {v} for parameter {key} is invalid.");
        double abs = Math.Abs(v);
        if (abs > MaxMagnitude)
            throw QueryArgs.InvalidValue($"The value {v} for parameter {key} is invalid: values must be in the range -2^360 to 2^360.");
        return abs != 0 && abs < MinMagnitude ? 0 : v;
    }

    private void PutMetricData(QueryArgs q)
    {
        string ns = q.Required("Namespace");
        ValidateNamespace(ns, "Namespace");
        if (ns.StartsWith("AWS/", StringComparison.Ordinal))
            throw QueryArgs.InvalidValue("The value AWS/ for parameter Namespace is invalid.");
        int count = q.Count("MetricData");
        if (count == 0) throw QueryArgs.Missing("MetricData");
        if (count > 1000) throw QueryArgs.InvalidValue("The collection MetricData must not have a size greater than 1000.");

        var now = _store.Clock();
        long oldest = now.AddDays(-14).ToUnixTimeMilliseconds(), newest = now.AddHours(2).ToUnixTimeMilliseconds();
        var parsed = new List<(string Name, List<KeyValuePair<string, string>> Dims, Datapoint Point)>(count);
        for (int i = 1; i <= count; i++)
        {
            string p = QueryArgs.Member("MetricData", i);
            string name = q.Required(p + ".MetricName");
            if (name.Length > 255) throw QueryArgs.InvalidValue($"The parameter {p}.MetricName must be no longer than 255 characters.");
            var dims = ReadDimensions(q, p + ".Dimensions", 30);

            long ts = (q.Time(p + ".Timestamp") ?? now).ToUnixTimeMilliseconds();
            if (ts < oldest || ts > newest)
                throw QueryArgs.InvalidValue($"The parameter {p}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.");

            string unit = q.Get(p + ".Unit") ?? "None";
            if (!Units.Contains(unit)) throw QueryArgs.InvalidValue($"The value {unit} for parameter {p}.Unit is invalid.");

            long resolution = q.Long(p + ".StorageResolution") ?? 60;
            if (resolution is not (1 or 60))
                throw QueryArgs.InvalidValue($"The value {resolution} for parameter {p}.StorageResolution is invalid. Valid values are 1 and 60.");
            // CloudWatch keeps standard-resolution data per minute and high-resolution data per second: a 1-second
            // query of standard data sees one point a minute, of high-resolution data one a second (for 3 hours).
            ts -= Mod(ts, resolution * 1000);

            double? value = q.Double(p + ".Value");
            bool hasStats = q.Has(p + ".StatisticValues");
            int nValues = q.Count(p + ".Values");
            int nCounts = q.Count(p + ".Counts");
            int kinds = (value is null ? 0 : 1) + (hasStats ? 1 : 0) + (nValues > 0 ? 1 : 0);
            if (kinds > 1)
                throw new ServiceError("InvalidParameterCombination", $"The parameters {p}.Value, {p}.Values and {p}.StatisticValues are mutually exclusive and you have specified more than one.");
            if (nCounts > 0 && nValues == 0)
                throw new ServiceError("InvalidParameterCombination", $"The parameter {p}.Counts requires {p}.Values.");

            Datapoint point;
            if (value is { } v)
            {
                v = CheckValue(v, p + ".Value");
                point = new Datapoint(ts, unit, 1, v, v, v);
            }
            else if (hasStats)
            {
                string sp = p + ".StatisticValues";
                double sc = CheckValue(q.Double(sp + ".SampleCount") ?? throw QueryArgs.Missing(sp + ".SampleCount"), sp + ".SampleCount");
                double sum = CheckValue(q.Double(sp + ".Sum") ?? throw QueryArgs.Missing(sp + ".Sum"), sp + ".Sum");
                double min = CheckValue(q.Double(sp + ".Minimum") ?? throw QueryArgs.Missing(sp + ".Minimum"), sp + ".Minimum");
                double max = CheckValue(q.Double(sp + ".Maximum") ?? throw QueryArgs.Missing(sp + ".Maximum"), sp + ".Maximum");
                if (sc <= 0) throw QueryArgs.InvalidValue($"The parameter {sp}.SampleCount must be greater than 0.");
                if (min > max) throw QueryArgs.InvalidValue($"The parameter {sp}.Minimum must be less than or equal to {sp}.Maximum.");
                point = new Datapoint(ts, unit, sc, sum, min, max);
            }
            else if (nValues > 0)
            {
                if (nValues > 150) throw QueryArgs.InvalidValue($"The collection {p}.Values must not have a size greater than 150.");
                if (nCounts > 0 && nCounts != nValues)
                    throw QueryArgs.InvalidValue($"The parameters {p}.Values and {p}.Counts must be of the same size.");
                var vals = new double[nValues];
                var cnts = new double[nValues];
                double sc = 0, sum = 0, min = double.MaxValue, max = double.MinValue;
                for (int k = 0; k < nValues; k++)
                {
                    string vk = QueryArgs.Member(p + ".Values", k + 1);
                    vals[k] = CheckValue(q.Double(vk) ?? throw QueryArgs.Missing(vk), vk);
                    string ck = QueryArgs.Member(p + ".Counts", k + 1);
                    cnts[k] = nCounts > 0 ? CheckValue(q.Double(ck) ?? throw QueryArgs.Missing(ck), ck) : 1;
                    if (cnts[k] < 0) throw QueryArgs.InvalidValue($"The value {cnts[k]} for parameter {ck} is invalid.");
                    sc += cnts[k];
                    sum += vals[k] * cnts[k];
                    min = Math.Min(min, vals[k]);
                    max = Math.Max(max, vals[k]);
                }
                if (sc <= 0) throw QueryArgs.InvalidValue($"The parameter {p}.Counts must contain at least one positive count.");
                point = new Datapoint(ts, unit, sc, sum, min, max, vals, cnts);
            }
            else
            {
                throw QueryArgs.Missing(p + ".Value");
            }
            parsed.Add((name, dims, point));
        }

        foreach (var (name, dims, point) in parsed) _store.Put(ns, name, dims, point);
    }

    private void ListMetrics(QueryArgs q, ShapeWriter w)
    {
        string? ns = q.Get("Namespace");
        if (ns is not null) ValidateNamespace(ns, "Namespace");
        string? name = q.Get("MetricName");
        int nf = q.Count("Dimensions");
        if (nf > 10) throw QueryArgs.InvalidValue("The collection Dimensions must not have a size greater than 10.");
        var filters = new List<(string Name, string? Value)>();
        for (int i = 1; i <= nf; i++)
        {
            string p = QueryArgs.Member("Dimensions", i);
            filters.Add((q.Required(p + ".Name"), q.Get(p + ".Value")));
        }
        string? recently = q.Get("RecentlyActive");
        if (recently is not null && recently != "PT3H")
            throw QueryArgs.InvalidValue($"The value {recently} for parameter RecentlyActive is invalid.");
        int offset = 0;
        if (q.Get("NextToken") is { } tok)
            offset = OpaqueToken.DecodeOffset("lm", tok) ?? throw new ServiceError("InvalidNextToken", "The service cannot find the specified NextToken.");

        var cutoff = _store.Clock().AddHours(-3);
        var matches = _store.All().Where(s =>
            (ns is null || s.Namespace == ns) &&
            (name is null || s.MetricName == name) &&
            (recently is null || s.LastPublished >= cutoff) &&
            filters.All(f => s.Dimensions.Any(d => d.Key == f.Name && (f.Value is null || d.Value == f.Value)))).ToList();

        w.StartList("Metrics");
        int end = Math.Min(matches.Count, offset + ListPageSize);
        for (int i = offset; i < end; i++)
        {
            var s = matches[i];
            w.StartStructure(null);
            w.String("Namespace", s.Namespace);
            w.String("MetricName", s.MetricName);
            w.StartList("Dimensions");
            foreach (var d in s.Dimensions)
            {
                w.StartStructure(null);
                w.String("Name", d.Key);
                w.String("Value", d.Value);
                w.EndStructure();
            }
            w.EndList();
            w.EndStructure();
        }
        w.EndList();
        if (end < matches.Count) w.String("NextToken", OpaqueToken.Encode("lm", end.ToString()));
    }
}
