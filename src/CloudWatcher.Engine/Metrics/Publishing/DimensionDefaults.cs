namespace CloudWatcher.Metrics.Publishing;

/// <summary>
/// The dimensions every published metric gets unless it says otherwise: the global ones from CLOUDWATCHER_DIMENSIONS
/// ("Name=Value,Name=Value") and Host (the machine's name), which -NoHostDimension or CLOUDWATCHER_NO_HOST_DIMENSION
/// (1, true or yes) leaves out, as apptuit's disable_host_tag does. A metric's own dimensions win over a reporter's,
/// which win over the global ones, which win over Host.
/// </summary>
public sealed class DimensionDefaults
{
    public const string GlobalVariable = "CLOUDWATCHER_DIMENSIONS";
    public const string NoHostVariable = "CLOUDWATCHER_NO_HOST_DIMENSION";
    public const string HostDimension = "Host";

    /// <summary>No global dimensions and no Host.</summary>
    public static readonly DimensionDefaults None = new(Array.Empty<Dimension>(), null);

    public DimensionDefaults(IReadOnlyList<Dimension> global, string? host)
    {
        Global = global;
        Host = host;
    }

    /// <summary>From CLOUDWATCHER_DIMENSIONS (in that order), without the name Host.</summary>
    public IReadOnlyList<Dimension> Global { get; }

    /// <summary>The Host dimension's value, or null when it is left out.</summary>
    public string? Host { get; }

    /// <summary>
    /// From the environment (<paramref name="environment"/> reads a variable; the process's by default). A malformed
    /// CLOUDWATCHER_DIMENSIONS is an InvalidGlobalDimensions error: publishing under dimensions nobody asked for
    /// would create series that cost money.
    /// </summary>
    public static DimensionDefaults FromEnvironment(bool noHost, Func<string, string?>? environment = null, string? machineName = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var global = ParseGlobal(environment(GlobalVariable));
        var hostOff = noHost || IsSet(environment(NoHostVariable));
        return new DimensionDefaults(global, hostOff ? null : machineName ?? Environment.MachineName);
    }

    /// <summary>"Name=Value,Name=Value" (blanks around names and values trimmed; empty entries ignored).</summary>
    public static IReadOnlyList<Dimension> ParseGlobal(string? text)
    {
        var result = new List<Dimension>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=');
            var name = eq > 0 ? entry[..eq].Trim() : "";
            var value = eq > 0 ? entry[(eq + 1)..].Trim() : "";
            if (name.Length == 0 || value.Length == 0)
            {
                throw new CloudWatcherConfigurationException("InvalidGlobalDimensions",
                    $"{GlobalVariable} holds '{entry}', which is not Name=Value. Write it as 'Name=Value,Name=Value' (for example 'Service=api,Stage=prod'), or remove the variable.");
            }
            if (result.Any(d => d.Name == name))
            {
                throw new CloudWatcherConfigurationException("InvalidGlobalDimensions",
                    $"{GlobalVariable} names the dimension '{name}' twice; write it as 'Name=Value,Name=Value' with each name once.");
            }
            result.Add(new Dimension(name, value));
        }
        return result;
    }

    /// <summary>
    /// The dimensions of one metric: its own, then the reporter's and the global ones it does not name itself, then
    /// Host unless it is named or left out.
    /// </summary>
    public IReadOnlyList<Dimension> Merge(IReadOnlyList<Dimension> metric, IReadOnlyList<Dimension>? reporter = null)
    {
        var merged = new List<Dimension>(metric.Count + Global.Count + 1);
        merged.AddRange(metric);
        foreach (var layer in new[] { reporter ?? Array.Empty<Dimension>(), Global })
        {
            foreach (var d in layer)
            {
                if (!merged.Any(m => m.Name == d.Name))
                {
                    merged.Add(d);
                }
            }
        }
        if (Host is not null && !merged.Any(m => m.Name == HostDimension))
        {
            merged.Add(new Dimension(HostDimension, Host));
        }
        return merged;
    }

    private static bool IsSet(string? flag) =>
        flag?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";
}
