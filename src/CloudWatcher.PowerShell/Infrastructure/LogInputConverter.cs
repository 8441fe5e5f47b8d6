using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Turns what Write-CwLog receives into a message and a time. Text, numbers and other simple values are the message as
/// they are; LogEvents (from Get-CwLog) keep their message and time; other objects become one line of JSON
/// (<see cref="JsonLine"/>), or with -Property the named property's value is the message. The time comes from
/// -TimestampProperty, else a Timestamp or @timestamp property when there is one, else it is now: a DateTime (one
/// without a kind is local time), a DateTimeOffset, a number of milliseconds since 1970-01-01 UTC, or text (ISO 8601,
/// or digits for epoch milliseconds; text without a zone is local time, as a [datetime] cast reads it).
/// </summary>
internal sealed class LogInputConverter
{
    private static readonly string[] TimestampNames = { "Timestamp", "@timestamp" };
    private readonly string? _messageProperty;
    private readonly string? _timestampProperty;

    public LogInputConverter(string? messageProperty, string? timestampProperty, int depth)
    {
        _messageProperty = messageProperty;
        _timestampProperty = timestampProperty;
        Json = new JsonLine(depth);
    }

    public JsonLine Json { get; }

    /// <summary>The message (null when there is none to send) and the time (null: now).</summary>
    public (string? Message, DateTime? Timestamp) Convert(object? input)
    {
        var value = input is PSObject pso ? pso.BaseObject : input;
        if (value is null || value is DBNull)
        {
            return (null, null);
        }
        if (value is LogEvent logEvent && _messageProperty is null && _timestampProperty is null)
        {
            return (logEvent.Message, logEvent.Timestamp);
        }
        if (JsonLine.IsScalar(value) && value is not PSCustomObject)
        {
            return (Text(value), null);
        }
        string? message;
        if (_messageProperty is not null)
        {
            if (!TryGet(input!, _messageProperty, out var property))
            {
                throw new CloudWatcherException("LogEventPropertyNotFound", ErrorKind.InvalidInput,
                    $"The input has no property '{_messageProperty}' for the message ({Describe(input!)}). It was not sent.", input)
                {
                    RecommendedAction = "Name a property every input has with -Property, or leave -Property out to send each object as JSON.",
                };
            }
            var inner = property is PSObject p ? p.BaseObject : property;
            message = inner is null ? null : JsonLine.IsScalar(inner) && inner is not PSCustomObject ? Text(inner) : Json.Write(property);
        }
        else
        {
            message = Json.Write(input);
        }
        return (message, Timestamp(input!));
    }

    private DateTime? Timestamp(object input)
    {
        string? name = _timestampProperty;
        object? raw = null;
        if (name is not null)
        {
            if (!TryGet(input, name, out raw))
            {
                throw new CloudWatcherException("LogEventTimestampNotFound", ErrorKind.InvalidInput,
                    $"The input has no property '{name}' for the event's time ({Describe(input)}). It was not sent.", input)
                {
                    RecommendedAction = "Name a property every input has with -TimestampProperty, or leave it out to use a Timestamp property or the current time.",
                };
            }
        }
        else
        {
            foreach (var candidate in TimestampNames)
            {
                if (TryGet(input, candidate, out raw))
                {
                    name = candidate;
                    break;
                }
            }
            if (name is null)
            {
                return null;
            }
        }
        return ParseTime(raw) ?? throw new CloudWatcherException("LogEventTimestampInvalid", ErrorKind.InvalidInput,
            $"The '{name}' property of the input ({Describe(input)}) is not a time: '{raw}'. It was not sent.", input)
        {
            RecommendedAction = "Give a DateTime, a DateTimeOffset, milliseconds since 1970-01-01 UTC, or ISO 8601 text; or name another property with -TimestampProperty.",
        };
    }

    /// <summary>A time from a property's value; null when it is not one.</summary>
    internal static DateTime? ParseTime(object? raw)
    {
        var value = raw is PSObject pso ? pso.BaseObject : raw;
        try
        {
            return value switch
            {
                DateTime t => JsonLine.ToUtc(t),
                DateTimeOffset o => o.UtcDateTime,
                long or int or short or uint or ushort or ulong or byte or sbyte => FromMilliseconds(System.Convert.ToInt64(value, CultureInfo.InvariantCulture)),
                double d when double.IsFinite(d) => FromMilliseconds((long)Math.Floor(d)),
                decimal m => FromMilliseconds((long)decimal.Floor(m)),
                string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) => FromMilliseconds(ms),
                string s when DateTimeOffset.TryParse(s.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var parsed) => parsed.UtcDateTime,
                _ => null,
            };
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    /// <summary>A simple value as message text: text as it is, times in ISO 8601 UTC, numbers in the invariant culture.</summary>
    internal static string Text(object value) => value switch
    {
        string s => s,
        DateTime t => JsonLine.Iso(t),
        DateTimeOffset o => JsonLine.Iso(o.UtcDateTime),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A property of an object (case-insensitive, as PowerShell's), or a key of a hashtable or dictionary.</summary>
    private static bool TryGet(object input, string name, out object? value)
    {
        var pso = input as PSObject ?? PSObject.AsPSObject(input);
        if (pso.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }
        var property = pso.Properties[name];
        if (property is not null && property.IsGettable)
        {
            try
            {
                value = property.Value;
                return true;
            }
            catch (Exception ex) when (ex is GetValueException or ExtendedTypeSystemException)
            {
            }
        }
        value = null;
        return false;
    }

    private static string Describe(object input)
    {
        var text = (input is PSObject pso ? pso.BaseObject : input).ToString() ?? "";
        return text.Length <= 60 ? text : text[..60] + "…";
    }
}
