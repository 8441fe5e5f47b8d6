using System.Management.Automation;
using CloudWatcher.Metrics;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists the metrics in CloudWatch (ListMetrics), following every page.</summary>
[Cmdlet(VerbsCommon.Find, "CwMetric")]
[OutputType(typeof(MetricInfo))]
public sealed class FindCwMetricCommand : AwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string? MetricName { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Dimensions")]
    [DimensionTransformation]
    [ValidateCount(1, 10)]
    public Dimension[]? Dimension { get; set; }

    [Parameter]
    public SwitchParameter RecentlyActive { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var listing = new MetricCatalog(GetSession().MetricCatalog, Sink).List(Namespace, MetricName, Dimension, RecentlyActive);
            foreach (var entry in Enumerate(listing.ReadAsync(CancellationToken)))
            {
                WriteObject(entry.Item);
            }
            foreach (var name in listing.NotFound)
            {
                WriteVerbose($"No metric matches {name}.");
            }
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, Namespace ?? MetricName);
        }
    }
}
