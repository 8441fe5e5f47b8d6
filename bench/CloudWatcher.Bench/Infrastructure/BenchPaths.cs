namespace CloudWatcher.Bench.Infrastructure;

/// <summary>Where the repository, the staged module and cwhost are (built by this project's references).</summary>
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

    /// <summary>cwhost's dll from the same configuration as this harness (falling back to the newest build).</summary>
    public static string CwHostDll
    {
        get
        {
            var own = new DirectoryInfo(AppContext.BaseDirectory); // bench/CloudWatcher.Bench/bin/<Config>/net10.0/
            var configuration = own.Parent?.Name ?? "Release";
            var candidates = new[] { configuration, "Release", "Debug" }
                .Select(c => Path.Combine(RepoRoot, "src", "CloudWatcher.Host", "bin", c, "net10.0", "cwhost.dll"))
                .Where(File.Exists)
                .ToList();
            return candidates.FirstOrDefault() ?? throw new FileNotFoundException(
                "cwhost.dll was not found under src/CloudWatcher.Host/bin/; build the harness with dotnet build/run (it builds cwhost).");
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
