using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>
/// One spool file, held exclusively by the writer (or resend) that owns it, so a second writer never shares it and a
/// resend never takes a live writer's file. Append-only lines after the header:
/// <c>E &lt;n&gt; &lt;epoch ms&gt; &lt;message as a JSON string&gt;</c> for each event taken,
/// <c>S &lt;epoch ms&gt; &lt;ranges&gt;</c> before a call carries those events, and <c>A &lt;ranges&gt;</c> once the
/// service has answered for them. Each line is one write system call, so a line is on the operating system's side
/// (it survives the process being killed) before the writer returns; the file is flushed to disk (fsync) once per
/// call, before the events leave the machine. When every event is acknowledged and nothing more will be appended,
/// the file is deleted.
/// </summary>
internal sealed class SpoolSegment : IDisposable
{
    public const string Extension = ".cwspool";

    /// <summary>The line buffer is kept while it is this small (an ordinary event's line); a larger one is let go after use.</summary>
    private const int MaxKeptLineBuffer = 64 * 1024;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly object _gate = new();
    private readonly FileStream _file;
    private ArrayBufferWriter<byte> _line = new(1024);
    private Utf8JsonWriter? _json;
    private long _length;
    private long _pending;
    private bool _sealed;
    private bool _closed;

    private SpoolSegment(string path, FileStream file, SpoolHeader header, long length)
    {
        Path = path;
        _file = file;
        Header = header;
        _length = length;
    }

    public string Path { get; }

    public SpoolHeader Header { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    /// <summary>Events in the file that the service has not acknowledged.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>The handle, for reading the file while it is held.</summary>
    internal SafeFileHandle Handle => _file.SafeFileHandle;

    /// <summary>A new file for a destination's events, held by this process until it is closed or deleted.</summary>
    public static SpoolSegment Create(string directory, SpoolHeader header)
    {
        for (var attempt = 0; ; attempt++)
        {
            LogSpoolPath.CreateFolder(directory);
            var name = string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfffffff'Z'}-{Environment.ProcessId}-{Random.Shared.Next(0x1000000):x6}{Extension}");
            var path = System.IO.Path.Combine(directory, name);
            try
            {
                var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                var segment = new SpoolSegment(path, file, header, 0);
                segment.Write(Encoding.UTF8.GetBytes(header.ToLine()));
                return segment;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // Another process removed the empty folder just now; make it again.
            }
            catch (IOException) when (attempt < 3 && File.Exists(path))
            {
                // The same name in the same tick: take another.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(path, ex);
            }
        }
    }

    /// <summary>
    /// Takes over a file left by a writer that ended (or died): null when a live writer or another resend holds it.
    /// A torn last line is cut off, so what is appended next starts on a line of its own.
    /// </summary>
    public static SpoolSegment? TryClaim(string path, out long completeLength)
    {
        completeLength = 0;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (FileNotFoundException)
        {
            return null; // sent and deleted by whoever held it
        }
        catch (IOException)
        {
            return null; // held: a live writer or another resend
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CloudWatcherException("SpoolNotWritable", ErrorKind.AccessDenied,
                $"The spool file '{path}' cannot be opened for writing ({ex.Message}). Check the spool folder's permissions.", path, ex);
        }
        try
        {
            var length = file.Length;
            completeLength = SpoolLines.CompleteLength(file.SafeFileHandle, length);
            if (completeLength < length)
            {
                file.SetLength(completeLength);
            }
            var header = ReadHeader(file.SafeFileHandle, completeLength, path);
            return new SpoolSegment(path, file, header ?? new SpoolHeader(), completeLength);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The header of a file, or null when it has none (a file torn before its first line was written).</summary>
    internal static SpoolHeader? ReadHeader(SafeFileHandle handle, long completeLength, string path)
    {
        foreach (var (_, line, _) in SpoolLines.Read(handle, completeLength))
        {
            return SpoolHeader.TryParse(line) ?? throw SpoolSegmentReader.Damaged(path, 1, "its first line is not a CloudWatcher spool header");
        }
        return null;
    }

    /// <summary>
    /// Writes an event's line; it is the operating system's when this returns. The line is formatted into a buffer the
    /// file keeps (no allocation per event: the write system call is the one cost a durable spool cannot avoid).
    /// </summary>
    public void Append(PendingLogEvent e)
    {
        lock (_gate)
        {
            if (_sealed)
            {
                throw new InvalidOperationException("The spool file takes no more events.");
            }
            _line.ResetWrittenCount();
            var head = _line.GetSpan(48);
            head[0] = (byte)'E';
            head[1] = (byte)' ';
            var at = 2;
            Utf8Formatter.TryFormat(e.Sequence, head[at..], out var written);
            at += written;
            head[at++] = (byte)' ';
            Utf8Formatter.TryFormat(e.Timestamp, head[at..], out written);
            at += written;
            head[at++] = (byte)' ';
            _line.Advance(at);
            if (_json is null)
            {
                _json = new Utf8JsonWriter(_line, JsonOptions);
            }
            else
            {
                _json.Reset(_line);
            }
            _json.WriteStringValue(e.Message);
            _json.Flush();
            _line.GetSpan(1)[0] = (byte)'\n';
            _line.Advance(1);
            Write(_line.WrittenSpan);
            _pending++;
            if (_line.Capacity > MaxKeptLineBuffer)
            {
                // A rare large event (up to 1 MB) should not keep its buffer for the life of the file.
                _line = new ArrayBufferWriter<byte>(1024);
                _json = null;
            }
        }
    }

    /// <summary>Records that a call is about to carry these events, and flushes the file to disk first.</summary>
    public void MarkSent(SequenceRanges ranges)
    {
        var line = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"S {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {ranges}\n"));
        lock (_gate)
        {
            Write(line);
        }
        // Outside the lock: the call's lines are all written already, and the writer goes on appending the next
        // events while the disk catches up (a flush takes milliseconds; holding the lock made every append wait for it).
        try
        {
            _file.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            throw WriteFailed(Path, ex);
        }
    }

    /// <summary>Records that the service answered for these <paramref name="count"/> events (stored, or rejected and reported).</summary>
    public void MarkAcknowledged(SequenceRanges ranges, long count)
    {
        var line = Encoding.ASCII.GetBytes($"A {ranges}\n");
        lock (_gate)
        {
            Write(line);
            _pending -= count;
        }
    }

    /// <summary>For a file taken over: how many of its events are still to be sent.</summary>
    internal void SetPending(long count) => Interlocked.Exchange(ref _pending, count);

    /// <summary>No more events go into this file.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            _sealed = true;
        }
    }

    /// <summary>Deletes the file when it takes no more events and every event in it is acknowledged; true when it did.</summary>
    public bool DeleteIfDone()
    {
        lock (_gate)
        {
            if (_closed || !_sealed || _pending > 0)
            {
                return false;
            }
            Delete();
            return true;
        }
    }

    /// <summary>Removes the file (the owner's lock is released with it).</summary>
    public void Delete()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    _file.Dispose(); // Windows deletes only files nobody holds
                    File.Delete(Path);
                }
                else
                {
                    File.Delete(Path); // before the lock goes, so nobody can take over a file that is done
                    _file.Dispose();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _file.Dispose();
                // The file stays, fully acknowledged: a later resend reads it, sends nothing and deletes it.
            }
            TryRemoveEmptyFolder(System.IO.Path.GetDirectoryName(Path)!);
        }
    }

    /// <summary>Lets go of the file and keeps it (what it holds is sent later).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_closed)
            {
                _closed = true;
                _file.Dispose();
            }
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        try
        {
            RandomAccess.Write(_file.SafeFileHandle, bytes, _length);
        }
        catch (IOException ex)
        {
            throw WriteFailed(Path, ex);
        }
        _length += bytes.Length;
    }

    private static CloudWatcherException WriteFailed(string path, Exception ex) =>
        new("SpoolWriteFailed", ErrorKind.WriteFailed,
            $"The spool file '{path}' could not be written ({ex.Message}); events are only taken once they are spooled. " +
            $"Free space there, or choose another folder with -SpoolPath or {LogSpoolPath.EnvironmentVariable}.", path, ex);

    private static void TryRemoveEmptyFolder(string directory)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another writer put a file there meanwhile, or the folder is not ours to remove: it stays.
        }
    }
}
