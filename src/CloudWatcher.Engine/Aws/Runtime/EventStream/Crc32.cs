namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// CRC-32 as zlib, gzip and PNG compute it (IEEE 802.3, reflected polynomial 0xEDB88320, initial and final value
/// 0xFFFFFFFF), which is what the event-stream format uses for both of its checksums. Our own small table version:
/// net8.0 has no public CRC-32 (System.IO.Hashing is a separate package), and a frame is at most a few MiB.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> (the CRC of the bytes before) over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var value = ~crc;
        foreach (var b in data)
        {
            value = Table[(value ^ b) & 0xFF] ^ (value >> 8);
        }
        return ~value;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? 0xEDB88320u ^ (value >> 1) : value >> 1;
            }
            table[i] = value;
        }
        return table;
    }
}
