using System.Collections;

namespace CloudWatcher;

/// <summary>
/// The dimensions of a metric, in order. Reads as "Name=Value, Name=Value" wherever text is wanted (Export-Csv,
/// string interpolation, a table cell), and as a list of {Name, Value} objects in ConvertTo-Json.
/// </summary>
public sealed class DimensionSet : IReadOnlyList<Dimension>
{
    public static readonly DimensionSet Empty = new(Array.Empty<Dimension>());

    private readonly Dimension[] _items;

    public DimensionSet(IEnumerable<Dimension> dimensions) => _items = dimensions?.ToArray() ?? Array.Empty<Dimension>();

    public int Count => _items.Length;

    public Dimension this[int index] => _items[index];

    /// <summary>The value of the dimension with this name (case-sensitive, as CloudWatch), or null.</summary>
    public string? this[string name] => _items.FirstOrDefault(d => d.Name == name)?.Value;

    public IEnumerator<Dimension> GetEnumerator() => ((IEnumerable<Dimension>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override string ToString() => string.Join(", ", _items.Select(d => d.ToString()));

    public static DimensionSet From(IReadOnlyList<Dimension>? dimensions) => dimensions switch
    {
        null => Empty,
        DimensionSet set => set,
        _ => new DimensionSet(dimensions),
    };
}
