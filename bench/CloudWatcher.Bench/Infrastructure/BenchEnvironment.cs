namespace CloudWatcher.Bench.Infrastructure;

/// <summary>
/// Keeps the machine's AWS configuration out of the run (no shared files, no instance metadata probes), for this
/// process and the children it starts (pwsh, the AWS CLI).
/// </summary>
internal static class BenchEnvironment
{
    public const string Region = "us-east-1";
    public const string AccessKey = "AKIDCLOUDWATCHERBENCH";
    public const string SecretKey = "cloudwatcher-bench-secret-value-0123456789";

    private static readonly string[] Cleared =
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_RETRY_MODE",
    };

    public static void Apply()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cloudwatcher-bench-aws-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config"), "");
        File.WriteAllText(Path.Combine(dir, "credentials"), "");
        foreach (var name in Cleared)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(dir, "config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(dir, "credentials"));
        Environment.SetEnvironmentVariable("AWS_MAX_ATTEMPTS", "3");
        Environment.SetEnvironmentVariable("POWERSHELL_TELEMETRY_OPTOUT", "1");
        Environment.SetEnvironmentVariable("POWERSHELL_UPDATECHECK", "Off");
    }

    /// <summary>PowerShell text that points every Cw cmdlet at the emulator (as a user would with $PSDefaultParameterValues).</summary>
    public static string ConnectionDefaults(Uri endpoint) => $@"$PSDefaultParameterValues['*-Cw*:Region'] = '{Region}'
$PSDefaultParameterValues['*-Cw*:AccessKey'] = '{AccessKey}'
$PSDefaultParameterValues['*-Cw*:SecretKey'] = '{SecretKey}'
$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{endpoint}'";
}
