using System.Globalization;
using System.Text.Json;

namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>A JSON property selector: <c>$.a.b</c>, <c>$.items[0]</c>, <c>$.list[1].id</c>.</summary>
internal sealed class JsonSelector
{
    private readonly (string? Name, int Index)[] _steps;

    private JsonSelector((string? Name, int Index)[] steps) => _steps = steps;

    public static JsonSelector Parse(string text)
    {
        if (!text.StartsWith('$') || text.Length < 2) throw EventPattern.Invalid();
        var steps = new List<(string?, int)>();
        int i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                int start = ++i;
                while (i < text.Length && text[i] is not ('.' or '[' or ']')) i++;
                if (i == start || text[start..i] == "*") throw EventPattern.Invalid();
                steps.Add((text[start..i], -1));
            }
            else if (text[i] == '[')
            {
                int close = text.IndexOf(']', i);
                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int idx))
                    throw EventPattern.Invalid();
                steps.Add((null, idx));
                i = close + 1;
            }
            else
            {
                throw EventPattern.Invalid();
            }
        }
        return new JsonSelector(steps.ToArray());
    }

    /// <summary>Walks the document; false when some step does not exist.</summary>
    public bool TryResolve(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var (name, index) in _steps)
        {
            if (name is not null)
            {
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)) return false;
            }
            else
            {
                if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength()) return false;
                value = value[index];
            }
        }
        return true;
    }
}
