using System.Globalization;
using System.Text;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// A set of spool numbers as sorted, merged ranges ("0-9999,10500-10600"): how the spool writes which events a call
/// carried and which were acknowledged.
/// </summary>
internal sealed class SequenceRanges
{
    private readonly List<(long First, long Last)> _ranges;

    private SequenceRanges(List<(long First, long Last)> ranges) => _ranges = ranges;

    public static SequenceRanges Empty { get; } = new(new List<(long, long)>());

    public IReadOnlyList<(long First, long Last)> Ranges => _ranges;

    public long Count => _ranges.Sum(r => r.Last - r.First + 1);

    public bool IsEmpty => _ranges.Count == 0;

    public static SequenceRanges From(IEnumerable<long> sequences) =>
        Merge(sequences.Order().Select(s => (s, s)));

    public static SequenceRanges Merge(IEnumerable<(long First, long Last)> ranges)
    {
        var merged = new List<(long First, long Last)>();
        foreach (var (first, last) in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && first <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }
        return new SequenceRanges(merged);
    }

    public SequenceRanges Union(SequenceRanges other) => Merge(_ranges.Concat(other._ranges));

    public bool Contains(long sequence)
    {
        int lo = 0, hi = _ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sequence < _ranges[mid].First)
            {
                hi = mid - 1;
            }
            else if (sequence > _ranges[mid].Last)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads "a-b,c,d-e"; null when the text is not that.</summary>
    public static SequenceRanges? TryParse(ReadOnlySpan<char> text)
    {
        var ranges = new List<(long, long)>();
        foreach (var part in text.ToString().Split(','))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? part : part[(dash + 1)..];
            if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var f)
                || !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var l) || l < f)
            {
                return null;
            }
            ranges.Add((f, l));
        }
        return Merge(ranges);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (first, last) in _ranges)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(first.ToString(CultureInfo.InvariantCulture));
            if (last != first)
            {
                text.Append('-').Append(last.ToString(CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
