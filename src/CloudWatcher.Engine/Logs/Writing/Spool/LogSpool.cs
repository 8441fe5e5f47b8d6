using System.Text.Json;
using CloudWatcher.IO;
using CloudWatcher.Time;

namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>
/// The spool: a folder per destination (region, endpoint, log group, stream) under the root, holding that
/// destination's spool files (<see cref="SpoolSegment"/>) and a <c>destination.json</c> that names it. Files are named
/// by their creation time, so sorting their names gives the oldest first.
/// </summary>
public sealed class LogSpool
{
    private const string DestinationFile = "destination.json";

    public LogSpool(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    /// <summary>The folder of a destination's spool files.</summary>
    public string FolderOf(LogDestination destination) => Path.Combine(Root, destination.FolderName);

    /// <summary>A new spool file for a destination, held by this process.</summary>
    internal SpoolSegment CreateSegment(LogDestination destination, int? retentionInDays)
    {
        var folder = FolderOf(destination);
        var header = SpoolHeader.For(destination, retentionInDays);
        var segment = SpoolSegment.Create(folder, header);
        var named = Path.Combine(folder, DestinationFile);
        if (!File.Exists(named))
        {
            try
            {
                AtomicFile.Write(named, overwrite: true, stream => JsonSerializer.Serialize(stream, header));
            }
            catch (CloudWatcherException)
            {
                // Only the listing reads it; the spool files name their destination themselves.
            }
        }
        return segment;
    }

    /// <summary>A destination's spool files, oldest first.</summary>
    internal IReadOnlyList<string> SegmentFiles(LogDestination destination) => SegmentFilesIn(FolderOf(destination));

    /// <summary>The destinations that have spool files (named by their destination.json, else by a file's header).</summary>
    internal IReadOnlyList<(LogDestination Destination, string Folder)> Destinations()
    {
        var found = new List<(LogDestination, string)>();
        if (!Directory.Exists(Root))
        {
            return found;
        }
        foreach (var folder in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            var files = SegmentFilesIn(folder);
            if (files.Count > 0 && ReadDestination(folder, files) is { } destination)
            {
                found.Add((destination, folder));
            }
        }
        return found;
    }

    /// <summary>What is spooled, per destination: events waiting, events in doubt, their times, files and files in use.</summary>
    public IReadOnlyList<LogSpoolEntry> List(Action<string>? warn = null) =>
        Destinations().Select(d => EntryFor(d.Destination, d.Folder, warn)).ToList();

    /// <summary>What is spooled for one destination (files held by a writer or resend are counted as in use, their events not).</summary>
    public LogSpoolEntry EntryFor(LogDestination destination, Action<string>? warn = null) => EntryFor(destination, FolderOf(destination), warn);

    private static LogSpoolEntry EntryFor(LogDestination destination, string folder, Action<string>? warn)
    {
        long events = 0, inDoubt = 0;
        long? oldest = null, newest = null;
        int inUse = 0, damaged = 0;
        var files = SegmentFilesIn(folder);
        foreach (var file in files)
        {
            try
            {
                using var stream = TryOpenUnheld(file);
                if (stream is null)
                {
                    inUse += File.Exists(file) ? 1 : 0;
                    continue;
                }
                var complete = SpoolLines.CompleteLength(stream.SafeFileHandle, stream.Length);
                var index = SpoolSegmentReader.ReadIndex(stream.SafeFileHandle, complete, file);
                foreach (var (_, timestamp) in index.Pending)
                {
                    events++;
                    oldest = Math.Min(oldest ?? timestamp, timestamp);
                    newest = Math.Max(newest ?? timestamp, timestamp);
                }
                inDoubt += index.InDoubt().Sum(d => d.Events.Count);
            }
            catch (CloudWatcherException ex) when (ex.ErrorId == "SpoolSegmentDamaged")
            {
                damaged++;
                warn?.Invoke(ex.Message);
            }
        }
        return new LogSpoolEntry(destination.LogGroupName, destination.LogStreamName, destination.Region, destination.Endpoint,
            events, inDoubt, oldest is long o ? Epoch.FromMilliseconds(o) : null, newest is long n ? Epoch.FromMilliseconds(n) : null,
            files.Count, inUse, damaged, folder);
    }

    /// <summary>Opens a spool file for reading if nobody holds it (null when a writer or a resend does).</summary>
    private static FileStream? TryOpenUnheld(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.None);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> SegmentFilesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*" + SpoolSegment.Extension).Order(StringComparer.Ordinal).ToList()
            : Array.Empty<string>();

    private static LogDestination? ReadDestination(string folder, IReadOnlyList<string> files)
    {
        try
        {
            var named = JsonSerializer.Deserialize<SpoolHeader>(File.ReadAllBytes(Path.Combine(folder, DestinationFile)));
            if (named is { Region.Length: > 0, LogGroupName.Length: > 0, LogStreamName.Length: > 0 })
            {
                return named.Destination;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
        }
        foreach (var file in files)
        {
            try
            {
                using var stream = TryOpenUnheld(file);
                if (stream is not null && SpoolSegment.ReadHeader(stream.SafeFileHandle, SpoolLines.CompleteLength(stream.SafeFileHandle, stream.Length), file) is { } header)
                {
                    return header.Destination;
                }
            }
            catch (CloudWatcherException)
            {
            }
        }
        return null;
    }
}
