namespace CloudWatcher;

/// <summary>Where a preset was found; later sources override earlier ones of the same name.</summary>
public enum PresetSource
{
    BuiltIn,
    Environment,
    Path,
}

/// <summary>
/// A named metric definition, stored as a JSON file in Python cloudwatcher's format (namespace, dimensions_list,
/// metric_name, metric_id, metric_unit, metric_description). Dimensions with an empty value (usually InstanceId)
/// are filled in by the caller.
/// </summary>
public sealed class Preset
{
    public Preset(string name, string @namespace, string metricName, string id, string? unit, string? description,
        IReadOnlyList<Dimension> dimensions, string path, PresetSource source)
    {
        Name = name;
        Namespace = @namespace;
        MetricName = metricName;
        Id = id;
        Unit = unit;
        Description = description;
        Dimensions = DimensionSet.From(dimensions);
        Path = path;
        Source = source.ToString();
    }

    /// <summary>The file name without .json.</summary>
    public string Name { get; }

    public string Namespace { get; }

    public string MetricName { get; }

    /// <summary>cloudwatcher's metric_id (not unique across presets; queries get their own ids).</summary>
    public string Id { get; }

    public string? Unit { get; }

    public string? Description { get; }

    public DimensionSet Dimensions { get; }

    public string Path { get; }

    /// <summary>BuiltIn, Environment or Path (<see cref="PresetSource"/>), as text so it reads in CSV and JSON.</summary>
    public string Source { get; }

    /// <summary>Names of dimensions whose value the caller must supply (empty in the file).</summary>
    public IEnumerable<string> OpenDimensions => Dimensions.Where(d => string.IsNullOrEmpty(d.Value)).Select(d => d.Name);

    public override string ToString() => Name;
}
