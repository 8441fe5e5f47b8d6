namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// The sizes of an event-stream frame: total length, headers length, prelude CRC (the prelude), headers, payload,
/// message CRC. The maxima are the AWS SDKs' (16 MiB of payload, 128 KiB of headers), so a corrupt or hostile length
/// is refused before anything is allocated for it.
/// </summary>
internal static class EventStreamLimits
{
    /// <summary>Total length, headers length and prelude CRC: three big-endian 32-bit values.</summary>
    public const int PreludeLength = 12;

    /// <summary>The prelude and the message CRC: a frame with no headers and no payload.</summary>
    public const int MinFrameLength = PreludeLength + 4;

    public const int MaxPayloadLength = 16 * 1024 * 1024;

    public const int MaxHeadersLength = 128 * 1024;

    public const int MaxFrameLength = MinFrameLength + MaxHeadersLength + MaxPayloadLength;

    /// <summary>Header names carry a one-byte length.</summary>
    public const int MaxHeaderNameLength = byte.MaxValue;

    /// <summary>String and byte-array values: the length is 16 bits, and the format allows 2^15 - 1.</summary>
    public const int MaxHeaderValueLength = short.MaxValue;
}
