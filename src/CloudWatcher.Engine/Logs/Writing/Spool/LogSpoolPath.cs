namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>
/// The spool's root folder: the one given (-SpoolPath), else CLOUDWATCHER_SPOOL_PATH, else CloudWatcher/spool in the
/// user's local application data (~/.local/share on Linux, %LOCALAPPDATA% on Windows, ~/Library/Application Support
/// on macOS). Folders are created readable by the user only.
/// </summary>
public static class LogSpoolPath
{
    public const string EnvironmentVariable = "CLOUDWATCHER_SPOOL_PATH";

    public static string Resolve(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Path.GetFullPath(given);
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            throw new CloudWatcherException("SpoolPathNotSet", ErrorKind.InvalidInput,
                $"There is no local application data folder for this user (HOME may be unset), so the spool has no place. Set {EnvironmentVariable} or give -SpoolPath.");
        }
        return Path.Combine(data, "CloudWatcher", "spool");
    }

    /// <summary>Creates the folder (and its parents) readable and writable by the user only, where the platform allows.</summary>
    internal static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CloudWatcherException("SpoolNotWritable", ErrorKind.WriteFailed,
                $"The spool folder '{path}' cannot be created ({ex.Message}). Choose a folder you can write to with -SpoolPath or {EnvironmentVariable}.", path, ex);
        }
    }
}
