using System.Globalization;

namespace CloudWatcher.Emulator.Protocol;

/// <summary>
/// Query-protocol request parameters (CloudWatch, EC2) in awsQuery's flattened form (form-encoded, lists as X.member.N). JSON requests are
/// flattened into the same form (CloudWatch JSON, by Metrics/Wire/CloudWatchJson.Flatten), so both protocols share one validation path.
/// </summary>
internal sealed class QueryArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public static QueryArgs Parse(string form)
    {
        var q = new QueryArgs();
        foreach (var part in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string k = Decode(eq >= 0 ? part[..eq] : part);
            string v = eq >= 0 ? Decode(part[(eq + 1)..]) : "";
            q.Add(k, v);
        }
        return q;
    }

    /// <summary>Adds one flattened parameter (a later value of the same name wins, as in a form).</summary>
    public void Add(string key, string value)
    {
        _values[key] = value;
        for (int i = key.IndexOf('.'); i >= 0; i = key.IndexOf('.', i + 1)) _prefixes.Add(key[..i]);
        _prefixes.Add(key);
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>All parameter names of the request.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string prefix) => _prefixes.Contains(prefix);

    /// <summary>Number of members of a list X.member.1..N (contiguous).</summary>
    public int Count(string listPrefix)
    {
        int n = 0;
        while (_prefixes.Contains($"{listPrefix}.member.{n + 1}")) n++;
        return n;
    }

    public static string Member(string listPrefix, int oneBased) => $"{listPrefix}.member.{oneBased}";

    public string Required(string key) =>
        Get(key) is { Length: > 0 } v ? v : throw Missing(key);

    public static ServiceError Missing(string key) => new("MissingParameter", $"The parameter {key} is required.");

    public static ServiceError InvalidValue(string message) => new("InvalidParameterValue", message);

    public double? Double(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            throw InvalidValue($"The value {s} for parameter {key} is invalid.");
        return d;
    }

    public long? Long(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
            throw InvalidValue($"The value {s} for parameter {key} is invalid.");
        return l;
    }

    public bool? Bool(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        return s.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw InvalidValue($"The value {s} for parameter {key} is invalid."),
        };
    }

    public DateTimeOffset? Time(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double epoch))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        throw InvalidValue($"The value {s} for parameter {key} is invalid.");
    }
}
