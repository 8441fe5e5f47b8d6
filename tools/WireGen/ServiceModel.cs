using System.Text.Json;

namespace CloudWatcher.WireGen;

/// <summary>The parts of a botocore service-2.json model the generator needs: operations and shapes.</summary>
public sealed class ServiceModel
{
    private ServiceModel(Dictionary<string, Shape> shapes, Dictionary<string, Operation> operations, string targetPrefix, string jsonVersion)
    {
        Shapes = shapes;
        Operations = operations;
        TargetPrefix = targetPrefix;
        JsonVersion = jsonVersion;
    }

    public IReadOnlyDictionary<string, Shape> Shapes { get; }

    public IReadOnlyDictionary<string, Operation> Operations { get; }

    public string TargetPrefix { get; }

    public string JsonVersion { get; }

    public static ServiceModel Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var metadata = root.GetProperty("metadata");
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var s in root.GetProperty("shapes").EnumerateObject())
        {
            shapes[s.Name] = Shape.Read(s.Name, s.Value);
        }
        var operations = new Dictionary<string, Operation>(StringComparer.Ordinal);
        foreach (var o in root.GetProperty("operations").EnumerateObject())
        {
            operations[o.Name] = new Operation(
                o.Name,
                o.Value.TryGetProperty("input", out var input) ? input.GetProperty("shape").GetString() : null,
                o.Value.TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null,
                o.Value.TryGetProperty("requestcompression", out var compression) && compression.TryGetProperty("encodings", out var encodings)
                    ? encodings.EnumerateArray().Select(e => e.GetString()!).ToList()
                    : new List<string>());
        }
        return new ServiceModel(shapes, operations,
            metadata.TryGetProperty("targetPrefix", out var prefix) ? prefix.GetString()! : "",
            metadata.TryGetProperty("jsonVersion", out var version) ? version.GetString()! : "1.1");
    }
}

/// <summary>An operation: its input and output shapes, and the encodings its request body may be compressed with (the requestcompression trait).</summary>
public sealed record Operation(string Name, string? Input, string? Output, IReadOnlyList<string> RequestCompression);

public sealed record Member(string Name, string Shape, bool Required);

/// <summary>A shape: its type, members (structures), element (lists), key and value (maps), and the traits that change the wire form.</summary>
public sealed record Shape(string Name, string Type, IReadOnlyList<Member> Members, string? ListMember, string? MapKey, string? MapValue,
    bool IsEventStream, bool IsException, string? TimestampFormat)
{
    public static Shape Read(string name, JsonElement s)
    {
        var required = s.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
        var members = s.TryGetProperty("members", out var m)
            ? m.EnumerateObject().Select(x => new Member(x.Name, x.Value.GetProperty("shape").GetString()!, required.Contains(x.Name))).ToList()
            : new List<Member>();
        return new Shape(
            name,
            s.GetProperty("type").GetString()!,
            members,
            s.TryGetProperty("member", out var lm) ? lm.GetProperty("shape").GetString() : null,
            s.TryGetProperty("key", out var k) ? k.GetProperty("shape").GetString() : null,
            s.TryGetProperty("value", out var v) ? v.GetProperty("shape").GetString() : null,
            s.TryGetProperty("eventstream", out var es) && es.GetBoolean(),
            s.TryGetProperty("exception", out var ex) && ex.GetBoolean(),
            s.TryGetProperty("timestampFormat", out var tf) ? tf.GetString() : null);
    }
}
