using CloudWatcher.Emulator.Faults;

namespace CloudWatcher.Emulator;

/// <summary>Configuration of an in-process or standalone emulator instance.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>"demo" loads the demo data set; null starts empty.</summary>
    public string? Seed { get; set; }

    /// <summary>Region used in ARNs.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>When both AccessKey and SecretKey are set, SigV4 signatures are verified for real.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret key used for signature verification (never logged).</summary>
    public string? SecretKey { get; set; }

    /// <summary>Delay added before every response (honours the request abort token).</summary>
    public TimeSpan ResponseDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Fixed clock (seeding, validation, ingestion times); null = real UTC now.</summary>
    public DateTimeOffset? Now { get; set; }

    /// <summary>Test mode: faults to inject (throttling, 5xx, dropped connections); null = off. See <see cref="FaultPlan"/>.</summary>
    public FaultPlan? Faults { get; set; }

    /// <summary>
    /// The protocols CloudWatch requests are answered in (default both). Without <see cref="CloudWatchProtocols.Json"/>
    /// the emulator answers JSON requests as a server that knows only awsQuery does (an XML MissingAction error), to
    /// test clients' fallback.
    /// </summary>
    public CloudWatchProtocols CloudWatchProtocols { get; set; } = CloudWatchProtocols.Query | CloudWatchProtocols.Json;

    /// <summary>No console logging at all (default for in-process use).</summary>
    public bool Quiet { get; set; } = true;

    internal bool VerifySignatures => !string.IsNullOrEmpty(AccessKey) && !string.IsNullOrEmpty(SecretKey);

    internal Func<DateTimeOffset> CreateClock()
    {
        var fixedNow = Now;
        return fixedNow is { } n ? () => n : () => DateTimeOffset.UtcNow;
    }
}

/// <summary>The wire protocols the emulator's CloudWatch side speaks.</summary>
[Flags]
public enum CloudWatchProtocols
{
    /// <summary>awsQuery: form-encoded parameters, XML answers (the AWS CLI v2 2.9 era, older SDKs and servers).</summary>
    Query = 1,

    /// <summary>awsJson1_0 with query-compatible errors (current SDKs, AWS CLI 1.4x).</summary>
    Json = 2,
}
