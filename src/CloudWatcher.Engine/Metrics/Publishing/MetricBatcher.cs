using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>One PutMetricData call's worth of datums, all of one namespace; <see cref="Bytes"/> bounds its JSON body.</summary>
public sealed class PublishBatch
{
    public PublishBatch(string @namespace, IReadOnlyList<PendingDatum> data, int bytes)
    {
        Namespace = @namespace;
        Data = data;
        Bytes = bytes;
    }

    public string Namespace { get; }

    public IReadOnlyList<PendingDatum> Data { get; }

    public int Bytes { get; }

    public long Values => Data.Sum(d => d.Values);

    public PutMetricDataRequest ToRequest() => new(Namespace, Data.Select(d => d.Datum).ToList());
}

/// <summary>
/// Cuts datums into PutMetricData calls: per namespace (a call has one), at most 1,000 datums and
/// <see cref="PutMetricDataLimits.MaxRequestBytes"/> of JSON each (measured by <see cref="PayloadSize"/>'s bound),
/// in as few calls as it can. Datums are taken in order, which reaches the lower bound (the larger of datums / 1,000
/// and bytes / limit, rounded up) whenever the datums are of similar size; when it does not, first fit by decreasing
/// size is tried too (within 11/9 of the best cut) and the fewer calls win. Each call keeps its datums in the order
/// they came.
/// </summary>
public static class MetricBatcher
{
    public static IReadOnlyList<PublishBatch> Cut(IReadOnlyList<PendingDatum> data, int maxDatums = PutMetricDataLimits.MaxDatums,
        int maxBytes = PutMetricDataLimits.MaxRequestBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var batches = new List<PublishBatch>();
        foreach (var group in data.Select((d, i) => (Datum: d, Index: i, Size: PayloadSize.DatumBound(d.Datum))).GroupBy(x => x.Datum.Series.Namespace, StringComparer.Ordinal))
        {
            var envelope = PayloadSize.EnvelopeBound(group.Key);
            var items = group.ToList();
            var budget = maxBytes - envelope;
            // In order first: when that is as few calls as the limits allow, the datums keep their order across calls too.
            var bins = Pack(items, maxDatums, budget);
            if (bins.Count > LowerBound(items.Count, items.Sum(x => (long)x.Size), maxDatums, budget))
            {
                var decreasing = Pack(items.OrderByDescending(x => x.Size).ThenBy(x => x.Index).ToList(), maxDatums, budget, firstFit: true);
                if (decreasing.Count < bins.Count)
                {
                    bins = decreasing;
                }
            }
            batches.AddRange(bins.Select(b => new PublishBatch(group.Key, b.Items.OrderBy(x => x.Index).Select(x => x.Datum).ToList(), envelope + b.Bytes)));
        }
        return batches;
    }

    /// <summary>Next fit (each datum in the last call, or a new one) or first fit (the first call it fits in).</summary>
    private static List<Bin> Pack(IReadOnlyList<(PendingDatum Datum, int Index, int Size)> items, int maxDatums, int budget, bool firstFit = false)
    {
        var bins = new List<Bin>();
        var firstOpen = 0; // bins before it are full by count
        foreach (var (datum, index, size) in items)
        {
            Bin? target = null;
            for (var b = firstFit ? firstOpen : Math.Max(0, bins.Count - 1); b < bins.Count; b++)
            {
                if (bins[b].Items.Count < maxDatums && (bins[b].Bytes + size <= budget || bins[b].Items.Count == 0))
                {
                    target = bins[b];
                    break;
                }
            }
            if (target is null)
            {
                target = new Bin();
                bins.Add(target);
            }
            target.Items.Add((index, datum));
            target.Bytes += size;
            while (firstOpen < bins.Count && bins[firstOpen].Items.Count >= maxDatums)
            {
                firstOpen++;
            }
        }
        return bins;
    }

    /// <summary>The fewest calls any cut could make: by count and by bytes (a lower bound, for tests and -WhatIf).</summary>
    public static int LowerBound(IReadOnlyList<PendingDatum> data, int maxDatums = PutMetricDataLimits.MaxDatums, int maxBytes = PutMetricDataLimits.MaxRequestBytes) =>
        data.GroupBy(d => d.Series.Namespace, StringComparer.Ordinal).Sum(g =>
            LowerBound(g.Count(), g.Sum(d => (long)PayloadSize.DatumBound(d.Datum)), maxDatums, maxBytes - PayloadSize.EnvelopeBound(g.Key)));

    private static int LowerBound(int count, long bytes, int maxDatums, int budget) =>
        (int)Math.Max((count + maxDatums - 1) / maxDatums, (bytes + budget - 1) / budget);

    private sealed class Bin
    {
        public List<(int Index, PendingDatum Datum)> Items { get; } = new();

        public int Bytes { get; set; }
    }
}
