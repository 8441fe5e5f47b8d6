using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.IO;

namespace CloudWatcher.Logs;

/// <summary>
/// A reading position kept on disk between runs. Two files: the snapshot (JSON, written atomically after every
/// page: every group's page token and how much of the page was emitted) and a journal beside it
/// (&lt;path&gt;.journal) that gets one short line per emitted event. A run killed in the middle of a page therefore
/// resumes after the last event it emitted: nothing lost, nothing repeated. A file that cannot be read is an error,
/// never a silent restart from the beginning. A run holds &lt;path&gt;.lock exclusively from load to dispose, so two
/// runs (overlapping scheduled tasks) never share one checkpoint: the second fails at once with CheckpointInUse.
/// </summary>
public sealed class LogCheckpoint : IDisposable
{
    private const int FormatVersion = 1;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly string _journalPath;
    private readonly object _gate = new();
    private FileStream? _journal;
    private FileStream? _lock;
    private long _generation;
    private bool _disposed;

    public LogCheckpoint(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _journalPath = Path + ".journal";
    }

    public string Path { get; }

    /// <summary>The lock file a run holds while it uses the checkpoint.</summary>
    public string LockPath => Path + ".lock";

    /// <summary>Positions for the queries, from the snapshot and journal; empty positions when there is no checkpoint yet.</summary>
    public IReadOnlyList<LogPosition> Load(IReadOnlyList<LogQuery> queries)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            throw new CloudWatcherException("DirectoryNotFound", ErrorKind.NotFound,
                $"The checkpoint folder '{directory}' does not exist; create it or choose another -CheckpointPath.", Path);
        }
        Lock();
        if (!File.Exists(Path))
        {
            // The first run writes its snapshot straight away: it records which query this is (so the journal that
            // follows is never applied to another one) and proves the folder is writable before anything is read.
            var fresh = queries.Select(_ => new LogPosition()).ToList();
            WriteSnapshot(queries, fresh);
            return fresh;
        }

        CheckpointDocument document;
        try
        {
            document = JsonSerializer.Deserialize<CheckpointDocument>(File.ReadAllBytes(Path))
                ?? throw new CheckpointException(Path, "it holds no checkpoint");
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(Path, $"it is not valid JSON ({ex.Message.Split(" Path:")[0]})", ex);
        }
        if (document.Version != FormatVersion || document.Sources is null)
        {
            throw new CheckpointException(Path, $"it has an unknown format (version {document.Version})");
        }
        var fingerprints = queries.Select(q => q.Fingerprint).ToList();
        if (!document.Sources.Select(s => s.Query).SequenceEqual(fingerprints))
        {
            throw new CheckpointException(Path,
                $"it belongs to another query ({string.Join("; ", document.Sources.Select(s => s.Query))}), not this one ({string.Join("; ", fingerprints)})");
        }
        _generation = document.Generation;
        var positions = document.Sources.Select(s => s.Position ?? new LogPosition()).ToList();
        if (positions.FirstOrDefault(p => p.Skip < 0) is { } negative)
        {
            throw new CheckpointException(Path, $"it holds a negative position ({negative.Skip})");
        }
        foreach (var (source, skip) in ReadJournal(document.Generation, positions.Count))
        {
            positions[source] = positions[source] with { Skip = skip };
        }
        return positions;
    }

    /// <summary>Records that the consumer took one more event of a source's page.</summary>
    public void Journal(int source, int skip)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                AppendJournal(source, skip);
            }
        }
    }

    private void AppendJournal(int source, int skip)
    {
        _journal ??= new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read, 4096);
        var line = Encoding.ASCII.GetBytes($"{_generation.ToString(CultureInfo.InvariantCulture)} {source.ToString(CultureInfo.InvariantCulture)} {skip.ToString(CultureInfo.InvariantCulture)}\n");
        _journal.Write(line);
        _journal.Flush(); // to the OS: survives the process being killed
    }

    /// <summary>Writes every source's position atomically and starts a new journal generation.</summary>
    public void Snapshot(IReadOnlyList<LogQuery> queries, IReadOnlyList<LogPosition> positions)
    {
        // A reader abandoned by Ctrl+C may still finish a fetch in the background: after Dispose nothing is written.
        lock (_gate)
        {
            if (!_disposed)
            {
                WriteSnapshot(queries, positions);
            }
        }
    }

    private void WriteSnapshot(IReadOnlyList<LogQuery> queries, IReadOnlyList<LogPosition> positions)
    {
        var document = new CheckpointDocument
        {
            Version = FormatVersion,
            Generation = _generation + 1,
            Updated = DateTime.UtcNow,
            Sources = queries.Select((q, i) => new CheckpointSource { Query = q.Fingerprint, Position = positions[i] }).ToList(),
        };
        try
        {
            AtomicFile.Write(Path, overwrite: true, stream => JsonSerializer.Serialize(stream, document, JsonOptions));
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CloudWatcherException("CheckpointNotWritable", ErrorKind.AccessDenied,
                $"The checkpoint '{Path}' cannot be written ({ex.Message}); choose a writable -CheckpointPath.", Path, ex);
        }
        _generation = document.Generation;
        // Lines of older generations are ignored on load, so truncating after the snapshot is safe even if we die here.
        _journal?.Dispose();
        _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read, 4096);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _journal?.Dispose();
            _journal = null;
            _lock?.Dispose();
            _lock = null;
        }
    }

    private IEnumerable<(int Source, int Skip)> ReadJournal(long generation, int sources)
    {
        if (!File.Exists(_journalPath))
        {
            yield break;
        }
        var lines = File.ReadAllLines(_journalPath);
        for (var n = 0; n < lines.Length; n++)
        {
            var parts = lines[n].Split(' ');
            if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var g) || g != generation)
            {
                // A line of an older generation, or a torn first field: not this snapshot's.
                continue;
            }
            if (parts.Length == 3
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < sources
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var k))
            {
                yield return (s, k);
            }
            else if (n < lines.Length - 1)
            {
                // Only the last line can be torn (the process died mid-write); a bad line before it is damage.
                throw new CheckpointException(Path, $"its journal line {n + 1} ('{lines[n]}') is not a position of this checkpoint");
            }
        }
    }

    /// <summary>Takes the run's exclusive lock, or fails at once when another run holds it.</summary>
    private void Lock()
    {
        if (_lock is not null)
        {
            return;
        }
        try
        {
            _lock = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new CloudWatcherException("CheckpointInUse", ErrorKind.Conflict,
                $"The checkpoint '{Path}' is in use by another run (it holds {LockPath}). Two runs must not share a checkpoint: " +
                "let the other run finish, or give this one its own -CheckpointPath.", Path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CloudWatcherException("CheckpointNotWritable", ErrorKind.AccessDenied,
                $"The checkpoint lock '{LockPath}' cannot be created ({ex.Message}); choose a writable -CheckpointPath.", Path, ex);
        }
    }

    private sealed class CheckpointDocument
    {
        public int Version { get; set; }

        public long Generation { get; set; }

        public DateTime Updated { get; set; }

        public List<CheckpointSource>? Sources { get; set; }
    }

    private sealed class CheckpointSource
    {
        public string Query { get; set; } = "";

        public LogPosition? Position { get; set; }
    }
}
