namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// Makes the AWS credential and region chain see nothing from the machine: no env keys, no shared
/// files, no instance metadata (which would otherwise be probed over the network).
/// </summary>
internal static class HermeticAwsEnvironment
{
    private static readonly string[] Cleared =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_DISABLE_REQUEST_COMPRESSION", "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES",
    };

    private static readonly object Gate = new();
    private static bool _applied;

    public static string ConfigDirectory { get; } = Path.Combine(Path.GetTempPath(), "cloudwatcher-tests-aws-" + Environment.ProcessId);

    /// <summary>Applied when the test assembly loads, before any test (parallel ones included) can connect.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void ApplyOnLoad() => Apply();

    public static void Apply()
    {
        lock (Gate)
        {
            if (_applied)
            {
                return;
            }
            Directory.CreateDirectory(ConfigDirectory);
            // Core reads these paths once per process, and only if the files exist then.
            File.WriteAllText(Path.Combine(ConfigDirectory, "config"), "");
            File.WriteAllText(Path.Combine(ConfigDirectory, "credentials"), "");
            foreach (var name in Cleared)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(ConfigDirectory, "config"));
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(ConfigDirectory, "credentials"));
            Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "3");
            // Write-CwLog's spool goes to this run's own folder, never the user's local application data.
            Environment.SetEnvironmentVariable("CLOUDWATCHER_SPOOL_PATH", Path.Combine(ConfigDirectory, "spool"));
            _applied = true;
        }
    }

    /// <summary>Sets variables for one test and restores the previous values on dispose.</summary>
    public static IDisposable With(params (string Name, string? Value)[] variables)
    {
        var previous = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToList();
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        return new Restore(previous);
    }

    private sealed class Restore : IDisposable
    {
        private readonly List<(string Name, string? Value)> _previous;

        public Restore(List<(string Name, string? Value)> previous) => _previous = previous;

        public void Dispose()
        {
            foreach (var (name, value) in _previous)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
