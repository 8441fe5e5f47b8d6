using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// One header of an event-stream message: a name and a typed value. <see cref="Value"/> is a <see cref="bool"/>,
/// <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>, <see cref="long"/>, <see cref="byte"/>[],
/// <see cref="string"/>, UTC <see cref="DateTime"/> or <see cref="Guid"/> as <see cref="Type"/> says; the factories
/// are the only way to make one, so the two always agree.
/// </summary>
internal sealed class EventStreamHeader
{
    private EventStreamHeader(string name, EventStreamHeaderType type, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
        Value = value;
    }

    public string Name { get; }

    public EventStreamHeaderType Type { get; }

    public object Value { get; }

    public static EventStreamHeader FromBoolean(string name, bool value) =>
        new(name, value ? EventStreamHeaderType.BoolTrue : EventStreamHeaderType.BoolFalse, value);

    public static EventStreamHeader FromByte(string name, sbyte value) => new(name, EventStreamHeaderType.Byte, value);

    public static EventStreamHeader FromInt16(string name, short value) => new(name, EventStreamHeaderType.Short, value);

    public static EventStreamHeader FromInt32(string name, int value) => new(name, EventStreamHeaderType.Integer, value);

    public static EventStreamHeader FromInt64(string name, long value) => new(name, EventStreamHeaderType.Long, value);

    /// <summary>A byte-array header; the array is kept, not copied.</summary>
    public static EventStreamHeader FromBytes(string name, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, EventStreamHeaderType.ByteArray, value);
    }

    public static EventStreamHeader FromString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(name, EventStreamHeaderType.String, value);
    }

    /// <summary>
    /// A timestamp header. The wire holds whole milliseconds, so the value is converted to UTC (an unspecified kind is
    /// taken as UTC) and truncated to the millisecond here, and reads back equal.
    /// </summary>
    public static EventStreamHeader FromTimestamp(string name, DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return new(name, EventStreamHeaderType.Timestamp, new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc));
    }

    /// <summary>A timestamp header from milliseconds since the Unix epoch; false when no <see cref="DateTime"/> holds it.</summary>
    public static bool TryFromUnixMilliseconds(string name, long milliseconds, [NotNullWhen(true)] out EventStreamHeader? header)
    {
        const long Min = -62_135_596_800_000; // 0001-01-01T00:00:00Z
        const long Max = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
        header = milliseconds is >= Min and <= Max
            ? new(name, EventStreamHeaderType.Timestamp, DateTime.UnixEpoch.AddMilliseconds(milliseconds))
            : null;
        return header is not null;
    }

    public static EventStreamHeader FromUuid(string name, Guid value) => new(name, EventStreamHeaderType.Uuid, value);

    public override string ToString() => Value switch
    {
        byte[] bytes => $"{Name}: {Type} {Convert.ToHexString(bytes)}",
        DateTime time => $"{Name}: {Type} {time.ToString("O", CultureInfo.InvariantCulture)}",
        _ => $"{Name}: {Type} {Convert.ToString(Value, CultureInfo.InvariantCulture)}",
    };
}
