using Microsoft.Win32.SafeHandles;

namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>
/// The complete lines of a spool file, read through its handle (the owner holds the file exclusively, so it reads
/// through the handle it holds). A last line without its '\n' was torn by a crash mid-write; it is never returned.
/// </summary>
internal static class SpoolLines
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The complete lines (without '\n'), numbered from 1, and where each ends (the offset after its '\n').</summary>
    public static IEnumerable<(int Number, byte[] Line, long End)> Read(SafeFileHandle handle, long length)
    {
        var buffer = new byte[ChunkSize];
        var pending = new MemoryStream();
        long offset = 0;
        var number = 0;
        while (offset < length)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
            if (read <= 0)
            {
                yield break;
            }
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                pending.Write(buffer, start, i - start);
                start = i + 1;
                yield return (++number, pending.ToArray(), offset + i + 1);
                pending.SetLength(0);
            }
            pending.Write(buffer, start, read - start);
            offset += read;
        }
    }

    /// <summary>The offset just after the last '\n' (0 when there is none): where the complete lines end.</summary>
    public static long CompleteLength(SafeFileHandle handle, long length)
    {
        var buffer = new byte[4096];
        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(buffer.Length, end);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, size), end - size);
            for (var i = read - 1; i >= 0; i--)
            {
                if (buffer[i] == (byte)'\n')
                {
                    return end - size + i + 1;
                }
            }
            end -= size;
        }
        return 0;
    }
}
