using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Text.Json;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Turns a JSON message's top-level fields into properties of the emitted object, for Where-Object filters.</summary>
internal static class JsonExpansion
{
    public static PSObject Expand(LogEvent logEvent)
    {
        var wrapped = new PSObject(logEvent);
        var message = logEvent.Message.AsSpan().TrimStart();
        if (message.Length == 0 || message[0] != '{')
        {
            return wrapped;
        }
        try
        {
            using var document = JsonDocument.Parse(logEvent.Message);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // The event's own properties (Message, Timestamp…) win over fields of the same name.
                if (wrapped.Properties[property.Name] is null)
                {
                    wrapped.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the event stays as it is.
        }
        return wrapped;
    }

    private static object? Convert(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => Number(value),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(Convert).ToArray(),
        JsonValueKind.Object => ToObject(value),
        _ => null,
    };

    /// <summary>
    /// As ConvertFrom-Json does: an integer is an Int64 (a BigInteger when it does not fit), anything with a fraction
    /// or an exponent a Double. Each branch is boxed on its own: a conditional expression would widen the long to double.
    /// </summary>
    private static object Number(JsonElement value)
    {
        if (value.TryGetInt64(out var integer))
        {
            return integer;
        }
        var text = value.GetRawText();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            return big;
        }
        return value.GetDouble();
    }

    private static PSObject ToObject(JsonElement value)
    {
        var result = new PSObject();
        foreach (var property in value.EnumerateObject())
        {
            result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
        }
        return result;
    }
}
