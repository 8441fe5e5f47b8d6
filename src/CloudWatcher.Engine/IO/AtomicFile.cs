namespace CloudWatcher.IO;

/// <summary>
/// Writes a file so that readers see the old content or the complete new content, never a half file:
/// the data goes to a temporary file in the same folder, which then replaces the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically; with <paramref name="overwrite"/> false an existing file is an error.</summary>
    public static void Write(string path, bool overwrite, Action<Stream> write) =>
        WriteAsync(path, overwrite, stream =>
        {
            write(stream);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>
    /// The same for a writer that awaits (reads pages while it writes). Whatever ends it early — an error, a
    /// cancellation — deletes the temporary file and leaves the target as it was.
    /// </summary>
    public static async Task WriteAsync(string path, bool overwrite, Func<Stream, Task> write)
    {
        var (full, directory) = CheckTarget(path, overwrite);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                await write(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            // The temporary file is ours, not the user's: the error names the file they asked for.
            var reason = ex.Message.Replace(temporary, full, StringComparison.Ordinal);
            throw ex is UnauthorizedAccessException
                ? new CloudWatcherException("FileAccessDenied", ErrorKind.AccessDenied, $"'{full}' cannot be written: {reason} Choose a folder you can write to.", full, ex)
                : new CloudWatcherException("FileWriteFailed", ErrorKind.WriteFailed, $"'{full}' could not be written: {reason} Nothing was changed.", full, ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Fails as a write would before it starts: the folder must exist, and an existing file needs
    /// <paramref name="overwrite"/>. Lets a command check before it does slow work; returns the full path and folder.
    /// </summary>
    public static (string FullPath, string Directory) CheckTarget(string path, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"'{path}' has no folder.");
        if (!Directory.Exists(directory))
        {
            throw new CloudWatcherException("DirectoryNotFound", ErrorKind.NotFound, $"The folder '{directory}' does not exist; create it first or choose another path.", path);
        }
        if (!overwrite && File.Exists(full))
        {
            throw new FileExistsException(full);
        }
        return (full, directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one worth reporting.
        }
    }
}
