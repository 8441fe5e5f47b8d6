using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;
using Wire = CloudWatcher.Aws.Metrics.Model;

namespace CloudWatcher.Aws.Metrics;

/// <summary>
/// The size of awsQuery form bodies, measured on what the generated query writer produces (names and values
/// percent-encoded as RFC 3986, which is how the SDK encodes them). PutMetricData data sized for JSON (the engine's
/// batches) can be several times larger as a form (every value carries its full parameter name), so over awsQuery a
/// request is split where its form would pass <see cref="PutMetricDataLimits.MaxRequestBytes"/>.
/// </summary>
internal static class QueryForm
{
    /// <summary>The member index assumed when a datum is measured alone: four digits, the most a call of 1,000 needs.</summary>
    private const string WidestMember = "MetricData.member.1000.";

    /// <summary>The bytes of the form body of a request (Action and Version, which the marshaller adds, included).</summary>
    public static int Bytes(QueryRequest request)
    {
        var total = "Action=".Length + Uri.EscapeDataString(request.Action).Length + "&Version=2010-08-01".Length;
        foreach (var (name, value) in request.Parameters)
        {
            total += 2 + Uri.EscapeDataString(name).Length + Uri.EscapeDataString(value).Length;
        }
        return total;
    }

    /// <summary>The bytes of a PutMetricData form without its datums.</summary>
    public static int EnvelopeBytes(string @namespace) =>
        Bytes(new QueryRequest(Wire.CloudWatchOperations.PutMetricData).Add("Namespace", @namespace));

    /// <summary>The most bytes one datum adds to a PutMetricData form, wherever it stands in the list.</summary>
    public static int DatumBytes(Wire.MetricDatum datum, Action<QueryRequest, string, Wire.MetricDatum> write)
    {
        var alone = new QueryRequest(Wire.CloudWatchOperations.PutMetricData);
        write(alone, WidestMember, datum);
        return Bytes(alone) - Bytes(new QueryRequest(Wire.CloudWatchOperations.PutMetricData));
    }

    /// <summary>The items in order, cut into runs of at most <paramref name="budget"/> bytes and 1,000 items (an item larger than the budget goes alone).</summary>
    public static IEnumerable<List<T>> Split<T>(IReadOnlyList<T> items, Func<T, int> size, int budget)
    {
        var part = new List<T>();
        var used = 0;
        foreach (var item in items)
        {
            var bytes = size(item);
            if (part.Count > 0 && (used + bytes > budget || part.Count == PutMetricDataLimits.MaxDatums))
            {
                yield return part;
                part = new List<T>();
                used = 0;
            }
            part.Add(item);
            used += bytes;
        }
        if (part.Count > 0)
        {
            yield return part;
        }
    }
}

/// <summary>A request sized for JSON whose awsQuery form is too large for one request (the caller splits it).</summary>
internal sealed class QueryFormTooLargeException : Exception
{
    public QueryFormTooLargeException()
        : base("The awsQuery form of this request is larger than one PutMetricData request may be.")
    {
    }
}
