namespace CloudWatcher.Presets;

/// <summary>
/// Finds presets: the built-in folder, then the folders in CLOUDWATCHER_PRESET_PATH, then explicit paths.
/// A later preset of the same name wins (reported as an override); a malformed file is reported and skipped.
/// </summary>
public sealed class PresetCatalog
{
    public const string EnvironmentVariable = "CLOUDWATCHER_PRESET_PATH";

    private readonly string? _builtInDirectory;

    public PresetCatalog(string? builtInDirectory) => _builtInDirectory = builtInDirectory;

    /// <summary>The folders named in CLOUDWATCHER_PRESET_PATH (separated by the platform's path separator).</summary>
    public static IReadOnlyList<string> EnvironmentDirectories() =>
        (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // Parsed presets by file, reused while the file's size and time stamp stay the same (catalogs load on every call).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, PresetSource Source), (long Length, DateTime Written, Preset Preset)> Parsed = new();

    private static Preset ReadCached(string file, PresetSource source)
    {
        var info = new FileInfo(file);
        var key = (info.FullName, source);
        if (Parsed.TryGetValue(key, out var cached) && cached.Length == info.Length && cached.Written == info.LastWriteTimeUtc)
        {
            return cached.Preset;
        }
        var preset = PresetFile.Read(file, source);
        Parsed[key] = (info.Length, info.LastWriteTimeUtc, preset);
        return preset;
    }

    public PresetLoadResult Load(IEnumerable<string>? extraPaths = null)
    {
        var byName = new Dictionary<string, Preset>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        var errors = new List<PresetLoadError>();
        var overrides = new List<PresetOverride>();

        void AddFrom(string location, PresetSource source)
        {
            IEnumerable<string> files;
            if (File.Exists(location))
            {
                files = new[] { location };
            }
            else if (Directory.Exists(location))
            {
                files = Directory.EnumerateFiles(location, "*.json").OrderBy(f => f, StringComparer.Ordinal);
            }
            else
            {
                if (source != PresetSource.BuiltIn)
                {
                    errors.Add(new PresetLoadError(location, new CloudWatcherException("PresetPathNotFound", ErrorKind.NotFound,
                        $"The preset folder '{location}' does not exist" + (source == PresetSource.Environment ? $" (named in {EnvironmentVariable})." : "."))));
                }
                return;
            }
            foreach (var file in files)
            {
                try
                {
                    var preset = ReadCached(file, source);
                    if (byName.TryGetValue(preset.Name, out var previous))
                    {
                        overrides.Add(new PresetOverride(previous, preset));
                    }
                    else
                    {
                        order.Add(preset.Name);
                    }
                    byName[preset.Name] = preset;
                }
                catch (Exception ex) when (ex is PresetFormatException or IOException or UnauthorizedAccessException)
                {
                    errors.Add(new PresetLoadError(file, ex));
                }
            }
        }

        if (_builtInDirectory is not null)
        {
            AddFrom(_builtInDirectory, PresetSource.BuiltIn);
        }
        foreach (var directory in EnvironmentDirectories())
        {
            AddFrom(directory, PresetSource.Environment);
        }
        foreach (var path in extraPaths ?? Array.Empty<string>())
        {
            AddFrom(path, PresetSource.Path);
        }
        return new PresetLoadResult(order.Select(n => byName[n]).ToList(), errors, overrides);
    }
}

public sealed record PresetLoadResult(IReadOnlyList<Preset> Presets, IReadOnlyList<PresetLoadError> Errors, IReadOnlyList<PresetOverride> Overrides)
{
    public Preset? Find(string name) => Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The error of a preset file with this name that could not be read, if there is one.</summary>
    public PresetLoadError? FindError(string name) => Errors.FirstOrDefault(e =>
        string.Equals(System.IO.Path.GetFileNameWithoutExtension(e.Path), name, StringComparison.OrdinalIgnoreCase)
        && e.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
}

public sealed record PresetLoadError(string Path, Exception Exception);

public sealed record PresetOverride(Preset Replaced, Preset Winner)
{
    public string Message => $"The preset '{Winner.Name}' from {Winner.Path} overrides the one from {Replaced.Path}.";
}
