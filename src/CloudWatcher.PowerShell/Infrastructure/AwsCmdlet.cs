using System.Management.Automation;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of every cmdlet that talks to AWS: the connection parameters and one session per invocation, from the
/// engine's session factory (<see cref="EngineServices.Sessions"/>).
/// </summary>
public abstract class AwsCmdlet : CmdletBase
{
    private ICloudWatcherSession? _session;

    /// <summary>The AWS region, e.g. us-east-1. Default: AWS_REGION, then the profile's region.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    /// <summary>A profile from the shared AWS config/credentials files. Default: AWS_PROFILE, then "default".</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ProfileNameCompleter))]
    public string? ProfileName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AccessKey { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretKey { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SessionToken { get; set; }

    /// <summary>Send requests to this endpoint instead of AWS's, e.g. the local emulator.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? EndpointUrl { get; set; }

    /// <summary>How long one request may take before it is given up and retried (default CLOUDWATCHER_TIMEOUT_SEC, else 20 s).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; }

    /// <summary>Connects once per invocation. A missing region or credentials ends the command before anything is sent.</summary>
    protected ICloudWatcherSession GetSession()
    {
        if (_session is not null)
        {
            return _session;
        }
        try
        {
            _session = EngineServices.Sessions.Connect(BuildConnectionSettings());
        }
        catch (CloudWatcherConfigurationException ex)
        {
            ThrowFailure(ex, null);
        }
        WriteVerbose($"Connected: region {_session!.Region}, credentials from {_session.CredentialSource}" +
            (_session.Endpoint is null ? "." : $", endpoint {_session.Endpoint}."));
        return _session;
    }

    /// <summary>
    /// The connection parameters as given, then AWS.Tools' session defaults (Set-DefaultAWSRegion's $StoredAWSRegion,
    /// Set-AWSCredential's $StoredAWSCredentials), then nothing: the environment and profiles are the engine's to find.
    /// </summary>
    protected ConnectionSettings BuildConnectionSettings()
    {
        var explicitCredentials = AccessKey is not null || SecretKey is not null || ProfileName is not null;
        var stored = explicitCredentials ? null : AwsToolsSession.StoredCredentials(SessionState);
        if (stored is not null)
        {
            WriteVerbose("Credentials from the AWS.Tools session ($StoredAWSCredentials, Set-AWSCredential).");
        }
        var storedRegion = Region is null && ProfileName is null ? AwsToolsSession.StoredRegion(SessionState) : null;
        if (storedRegion is not null)
        {
            WriteVerbose($"Region {storedRegion} from the AWS.Tools session ($StoredAWSRegion, Set-DefaultAWSRegion).");
        }
        return new ConnectionSettings
        {
            Region = Region ?? storedRegion,
            ProfileName = ProfileName,
            AccessKey = AccessKey ?? stored?.AccessKey,
            SecretKey = SecretKey ?? stored?.SecretKey,
            SessionToken = SessionToken ?? stored?.SessionToken,
            EndpointUrl = EndpointUrl,
            Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : null,
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _session?.Dispose();
            _session = null;
        }
        base.Dispose(disposing);
    }
}
