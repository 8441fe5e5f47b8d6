using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Metrics;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists the metrics in CloudWatch (ListMetrics), following every page.</summary>
[Cmdlet(VerbsCommon.Find, "CwMetric")]
[OutputType(typeof(MetricInfo))]
public sealed class FindCwMetricCommand : AwsCmdlet
{
    private const int ProgressActivityId = 0x43570001;

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string? Namespace { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
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
        var namespacePattern = Wildcard(Namespace);
        var metricPattern = Wildcard(MetricName);
        var request = new ListMetricsRequest
        {
            // Wildcards are matched here; only exact names go to the service as filters.
            Namespace = namespacePattern is null ? Namespace : null,
            MetricName = metricPattern is null ? MetricName : null,
            Dimensions = Dimension ?? Array.Empty<Dimension>(),
            RecentlyActive = RecentlyActive,
        };
        var catalog = new MetricCatalog(GetSession().CloudWatch);
        var page = 0;
        var total = 0;
        try
        {
            foreach (var result in Enumerate(catalog.ListPagesAsync(request, CancellationToken)))
            {
                page++;
                if (page > 1 || result.NextToken is not null)
                {
                    WriteProgress(new ProgressRecord(ProgressActivityId, "Listing CloudWatch metrics", $"Page {page}, {total + result.Metrics.Count} metrics so far"));
                }
                foreach (var metric in result.Metrics)
                {
                    if ((namespacePattern?.IsMatch(metric.Namespace) ?? true) && (metricPattern?.IsMatch(metric.MetricName) ?? true))
                    {
                        WriteObject(metric);
                    }
                }
                total += result.Metrics.Count;
                WriteDebug($"ListMetrics page {page}: {result.Metrics.Count} metrics.");
            }
        }
        catch (Exception ex) when (ex is CloudWatcherServiceException or ArgumentException or InvalidOperationException)
        {
            ThrowFailure(ex, Namespace ?? MetricName);
        }
        finally
        {
            if (page > 1)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Listing CloudWatch metrics", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }

    private static WildcardPattern? Wildcard(string? text) =>
        text is not null && WildcardPattern.ContainsWildcardCharacters(text) ? new WildcardPattern(text, WildcardOptions.IgnoreCase) : null;
}
