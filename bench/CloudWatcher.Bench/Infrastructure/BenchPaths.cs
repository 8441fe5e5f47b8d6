namespace CloudWatcher.Bench.Infrastructure;

/// <summary>Where the repository, the staged module and pwsh are.</summary>
internal static class BenchPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModuleManifest => Path.Combine(RepoRoot, "out", "CloudWatcher", "CloudWatcher.psd1");

    public static string ResultsFile => Path.Combine(RepoRoot, "bench", "RESULTS.md");

    /// <summary>Quick (smoke) runs write here, never over RESULTS.md; out/ is not committed.</summary>
    public static string QuickResultsFile => Path.Combine(RepoRoot, "out", "bench", "RESULTS.quick.md");

    /// <summary>--only runs (one scenario) write here.</summary>
    public static string PartialResultsFile => Path.Combine(RepoRoot, "out", "bench", "RESULTS.partial.md");

    public static string WorkDirectory => Path.Combine(RepoRoot, "out", "bench");

    /// <summary>
    /// The real pwsh users run: CLOUDWATCHER_PWSH (a pwsh.dll or a pwsh executable), else the PowerShell dotnet tool
    /// that dotnet-tools.json pins, from the NuGet package folder (dotnet tool restore puts it there).
    /// </summary>
    public static string PwshDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CLOUDWATCHER_PWSH") is { Length: > 0 } given)
            {
                return given;
            }
            using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot, "dotnet-tools.json")));
            var version = manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString();
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
                ? root
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var dll = Path.Combine(packages, "powershell", version!, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"pwsh {version} was not found at {dll}; run 'dotnet tool restore' first.");
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            {
                dir = dir.Parent;
            }
            if (dir is not null)
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (Directory.Build.props) above " + AppContext.BaseDirectory);
    }
}
