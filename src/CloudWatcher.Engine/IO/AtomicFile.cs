namespace CloudWatcher.IO;

/// <summary>
/// Writes a file so that readers see the old content or the complete new content, never a half file:
/// the data goes to a temporary file in the same folder, which then replaces the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically; with <paramref name="overwrite"/> false an existing file is an error.</summary>
    public static void Write(string path, bool overwrite, Action<Stream> write)
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
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(stream);
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
