namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>The value types of an event-stream header, numbered as on the wire (the byte after the header name).</summary>
internal enum EventStreamHeaderType : byte
{
    /// <summary>true; no value bytes.</summary>
    BoolTrue = 0,

    /// <summary>false; no value bytes.</summary>
    BoolFalse = 1,

    /// <summary>A signed 8-bit integer (<see cref="sbyte"/>).</summary>
    Byte = 2,

    /// <summary>A big-endian signed 16-bit integer.</summary>
    Short = 3,

    /// <summary>A big-endian signed 32-bit integer.</summary>
    Integer = 4,

    /// <summary>A big-endian signed 64-bit integer.</summary>
    Long = 5,

    /// <summary>Bytes after a big-endian unsigned 16-bit length.</summary>
    ByteArray = 6,

    /// <summary>UTF-8 text after a big-endian unsigned 16-bit length.</summary>
    String = 7,

    /// <summary>Milliseconds since the Unix epoch as a big-endian signed 64-bit integer (a UTC <see cref="DateTime"/>).</summary>
    Timestamp = 8,

    /// <summary>16 bytes, read as a <see cref="Guid"/> in big-endian (RFC 4122) byte order.</summary>
    Uuid = 9,
}
