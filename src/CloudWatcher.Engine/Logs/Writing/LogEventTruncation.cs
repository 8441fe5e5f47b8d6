using System.Globalization;
using System.Text;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Cuts a message that is too large for one event down to the limit, on a character boundary, and ends it with a
/// visible marker that says how many bytes were cut: "…[truncated by CloudWatcher: N bytes]".
/// </summary>
internal static class LogEventTruncation
{
    public const string MarkerStart = "…[truncated by CloudWatcher: ";

    public static string Marker(long removedBytes) => MarkerStart + removedBytes.ToString(CultureInfo.InvariantCulture) + " bytes]";

    /// <summary>The message cut so that it, with the marker, is at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string Truncate(string message, int maxBytes, out long removedBytes)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Encoding.UTF8.GetBytes(message);
        if (bytes.Length <= maxBytes)
        {
            removedBytes = 0;
            return message;
        }
        // The marker's length depends on the number in it: start with room for the longest number, then take back
        // what a shorter one leaves (a few rounds at most), never splitting a character.
        var keep = 0;
        for (var round = 0; round < 8; round++)
        {
            var room = maxBytes - Encoding.UTF8.GetByteCount(Marker(bytes.Length - keep));
            if (room < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The limit is smaller than the truncation marker.");
            }
            var next = Math.Min(room, bytes.Length - 1);
            while (next > 0 && (bytes[next] & 0xC0) == 0x80)
            {
                next--; // back to the first byte of a character
            }
            if (next <= keep && round > 0)
            {
                break;
            }
            keep = next;
        }
        removedBytes = bytes.Length - keep;
        return Encoding.UTF8.GetString(bytes, 0, keep) + Marker(removedBytes);
    }
}
