namespace CloudWatcher.Tests.Infrastructure;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The module as the build staged it; tests import it by path like a user would.</summary>
    public static string ModuleManifest => Path.Combine(RepoRoot, "out", "CloudWatcher", "CloudWatcher.psd1");

    public static string ModuleDirectory => Path.Combine(RepoRoot, "out", "CloudWatcher");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Could not find the repository root (Directory.Build.props) above " + AppContext.BaseDirectory);
    }
}
