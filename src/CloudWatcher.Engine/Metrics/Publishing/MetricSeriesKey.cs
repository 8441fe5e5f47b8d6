using System.Text;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>
/// One series to publish: namespace, metric name, dimensions (a set: their order does not matter, as in CloudWatch),
/// unit and storage resolution. Made by <see cref="Create"/>, which checks what PutMetricData would refuse about
/// the series itself, so a bad name or dimension is reported once for the series, never once per value.
/// </summary>
public sealed class MetricSeriesKey : IEquatable<MetricSeriesKey>
{
    private readonly string _key;
    private readonly int _hash;

    private MetricSeriesKey(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions, string? unit, bool highResolution)
    {
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = dimensions;
        Unit = unit;
        HighResolution = highResolution;
        Identity = IdentityOf(@namespace, metricName, dimensions);
        _key = Identity + "\u0001" + unit + "\u0001" + (highResolution ? "1" : "60");
        _hash = StringComparer.Ordinal.GetHashCode(_key); // a reporter hashes the key for every value it records
    }

    public string Namespace { get; }

    public string MetricName { get; }

    /// <summary>The dimensions, in the order given (each name once).</summary>
    public IReadOnlyList<Dimension> Dimensions { get; }

    /// <summary>The CloudWatch unit, or null for none.</summary>
    public string? Unit { get; }

    /// <summary>StorageResolution 1 (kept per second for 3 hours) rather than 60.</summary>
    public bool HighResolution { get; }

    /// <summary>The metric as CloudWatch identifies it (namespace, name, dimensions as a set): what a metric-month is billed for.</summary>
    public string Identity { get; }

    /// <summary>The series checked against what PutMetricData accepts; InvalidMetric (or InvalidDimension, InvalidUnit) when it would be refused.</summary>
    public static MetricSeriesKey Create(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions, string? unit, bool highResolution)
    {
        CheckNamespace(@namespace);
        CheckName(metricName, "metric name", 255, "InvalidMetric", asciiOnly: false);
        if (dimensions.Count > Ports.PutMetricDataLimits.MaxDimensions)
        {
            throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput,
                $"The metric '{metricName}' has {dimensions.Count} dimensions; CloudWatch takes at most {Ports.PutMetricDataLimits.MaxDimensions}. Drop some (global and Host dimensions count too: see -NoHostDimension).",
                metricName);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in dimensions)
        {
            CheckName(d.Name, "dimension name", 255, "InvalidDimension");
            if (d.Name.StartsWith(':'))
            {
                throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput, $"The dimension name '{d.Name}' starts with a colon, which CloudWatch does not allow.", d.Name);
            }
            if (d.Value is null)
            {
                throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput,
                    $"The dimension '{d.Name}' has no value; a published metric needs 'Name:Value' (or @{{ {d.Name} = 'value' }}).", d.Name);
            }
            CheckName(d.Value, $"value of the dimension '{d.Name}'", 1024, "InvalidDimension");
            if (!names.Add(d.Name))
            {
                throw new CloudWatcherException("InvalidDimension", ErrorKind.InvalidInput, $"The dimension '{d.Name}' is given twice; give each dimension name once.", d.Name);
            }
        }
        return new MetricSeriesKey(@namespace, metricName, dimensions, MetricUnits.Normalize(unit), highResolution);
    }

    /// <summary>A namespace PutMetricData takes: 1 to 255 ASCII characters, not starting with ':' or 'AWS/'.</summary>
    public static void CheckNamespace(string @namespace)
    {
        CheckName(@namespace, "namespace", 255, "InvalidNamespace");
        if (@namespace.StartsWith(':') || @namespace.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw new CloudWatcherException("InvalidNamespace", ErrorKind.InvalidInput,
                $"The namespace '{@namespace}' is reserved or invalid: it may not start with ':' or 'AWS/'. Use a namespace of your own, such as 'MyApp'.", @namespace);
        }
    }

    /// <summary>The metric as ListMetrics lists it.</summary>
    public MetricInfo ToMetricInfo() => new(Namespace, MetricName, Dimensions);

    /// <summary>The identity of a listed metric, comparable with <see cref="Identity"/>.</summary>
    public static string IdentityOf(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions)
    {
        var text = new StringBuilder(@namespace).Append('\u0002').Append(metricName);
        foreach (var d in dimensions.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            text.Append('\u0002').Append(d.Name).Append('\u0003').Append(d.Value);
        }
        return text.ToString();
    }

    public bool Equals(MetricSeriesKey? other) => other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _key == other._key));

    public override bool Equals(object? obj) => obj is MetricSeriesKey other && Equals(other);

    public override int GetHashCode() => _hash;

    public override string ToString() =>
        Dimensions.Count == 0 ? $"{Namespace}/{MetricName}" : $"{Namespace}/{MetricName} [{string.Join(", ", Dimensions)}]";

    /// <summary>Lengths as the model gives them; ASCII without control characters where the API reference asks for it (namespaces, dimensions).</summary>
    private static void CheckName(string text, string what, int maxLength, string errorId, bool asciiOnly = true)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
        {
            throw new CloudWatcherException(errorId, ErrorKind.InvalidInput,
                $"The {what} '{text}' must be 1 to {maxLength} characters with at least one that is not white space.", text);
        }
        foreach (var c in text)
        {
            if (char.IsControl(c) || (asciiOnly && c > 0x7E))
            {
                throw new CloudWatcherException(errorId, ErrorKind.InvalidInput,
                    $"The {what} '{text}' contains '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}': CloudWatch takes printable ASCII only. Replace or remove it.", text);
            }
        }
    }
}
