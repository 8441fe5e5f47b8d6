using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Uptime;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>How long EC2 instances have been up: exact from EC2 when running, else estimated from metric data.</summary>
[Cmdlet(VerbsCommon.Get, "CwInstanceUptime")]
[OutputType(typeof(InstanceUptime))]
public sealed class GetCwInstanceUptimeCommand : AwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateLength(1, 1024)]
    public string[] InstanceId { get; set; } = Array.Empty<string>();

    /// <summary>How far back to look for metric data when estimating (at least 15 days).</summary>
    [Parameter]
    [ValidateRange(15, 455)]
    public int LookbackDays { get; set; } = 15;

    protected override void ProcessRecord()
    {
        InstanceIds.WarnUnlessEc2Like(this, InstanceId);
        var session = GetSession();
        var service = new UptimeService(session.Instances, session.MetricCatalog, session.MetricRead, Sink);
        foreach (var id in InstanceId)
        {
            try
            {
                var uptime = Wait(service.GetAsync(id, DateTime.UtcNow, TimeSpan.FromDays(LookbackDays), CancellationToken));
                WriteVerbose(uptime.Detail);
                WriteObject(uptime);
            }
            catch (CloudWatcherConfigurationException ex)
            {
                ThrowFailure(ex, id);
            }
            catch (Exception ex) when (IsEngineFailure(ex))
            {
                // One instance that cannot be told (or a failed call) does not stop the others.
                WriteFailure(ex, id);
            }
        }
    }
}
