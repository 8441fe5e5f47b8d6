using System.Buffers.Text;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>
/// An upper bound of the bytes a datum adds to a PutMetricData JSON body (as the wire layer's generated writer
/// writes it: property names, numbers in their shortest round-trip form, strings escaped as Utf8JsonWriter escapes
/// them), computed without serializing. Numbers are measured exactly (formatted as the JSON writer formats them);
/// every character of a string outside a safe ASCII set counts as a six-byte \u escape, and every separator is
/// counted, so the bound is never below the real size (a test compares it with the generated writer) and, for
/// ordinary names and values, within a few percent of it.
/// </summary>
public static class PayloadSize
{
    private const int Timestamp = 20; // epoch seconds with milliseconds: 1764547200.123, and a comma

    /// <summary>{"Namespace":"…","MetricData":[…]} around the datums.</summary>
    public static int EnvelopeBound(string @namespace) => 32 + Text(@namespace);

    public static int DatumBound(MetricDatum datum)
    {
        var size = 2 + 16 + Text(datum.MetricName) + 1; // {} "MetricName":"…", and the comma after the datum
        if (datum.Dimensions.Count > 0)
        {
            size += 16;
            foreach (var d in datum.Dimensions)
            {
                size += 24 + Text(d.Name) + Text(d.Value ?? "");
            }
        }
        if (datum.Timestamp is not null)
        {
            size += 13 + Timestamp;
        }
        if (datum.Value is { } value)
        {
            size += 9 + Number(value);
        }
        if (datum.StatisticValues is { } s)
        {
            size += 21 + 4 * 15 + Number(s.SampleCount) + Number(s.Sum) + Number(s.Minimum) + Number(s.Maximum);
        }
        if (datum.Values is { } values)
        {
            size += 12;
            foreach (var v in values)
            {
                size += Number(v);
            }
        }
        if (datum.Counts is { } counts)
        {
            size += 12;
            foreach (var c in counts)
            {
                size += Number(c);
            }
        }
        if (datum.Unit is { } unit)
        {
            size += 10 + Text(unit);
        }
        if (datum.StorageResolution is not null)
        {
            size += 22 + 11;
        }
        return size;
    }

    /// <summary>A number as Utf8JsonWriter writes it (shortest round-trip form), and a comma; a value it cannot write counts as the longest.</summary>
    private static int Number(double value)
    {
        Span<byte> buffer = stackalloc byte[64];
        return double.IsFinite(value) && Utf8Formatter.TryFormat(value, buffer, out var written) ? written + 1 : 25;
    }

    /// <summary>A quoted string: one byte for a character JSON writes as itself, six for any other (escaped).</summary>
    private static int Text(string text)
    {
        var size = 3; // the quotes and a separator
        foreach (var c in text)
        {
            size += char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '/' or ':' or '=' or ',' or '@' or '#' or '(' or ')' or '[' or ']' or '*' or '%' or '$' or '!' or '?' or ';' or '~' or '|' or '^' or '{' or '}'
                ? 1
                : 6;
        }
        return size;
    }
}
