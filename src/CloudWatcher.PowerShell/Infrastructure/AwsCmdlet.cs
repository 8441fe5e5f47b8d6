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

    /// <summary>The connection parameters as given (null where left to the environment).</summary>
    protected ConnectionSettings BuildConnectionSettings() => new()
    {
        Region = Region,
        ProfileName = ProfileName,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SessionToken = SessionToken,
        EndpointUrl = EndpointUrl,
    };

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
