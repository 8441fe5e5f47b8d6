using System.Collections;
using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Creates log groups (CreateLogGroup, then PutRetentionPolicy) and writes each as the service then describes it.</summary>
[Cmdlet(VerbsCommon.New, "CwLogGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LogGroup))]
public sealed class NewCwLogGroupCommand : LogLifecycleCmdlet
{
    private IReadOnlyDictionary<string, string>? _tags;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>Days to keep events (one of the values CloudWatch Logs accepts); default: forever.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(RetentionDaysCompleter))]
    public int? RetentionInDays { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KmsKeyId { get; set; }

    [Parameter]
    [ValidateNotNull]
    public Hashtable? Tag { get; set; }

    [Parameter]
    public LogGroupClass? LogGroupClass { get; set; }

    protected override void BeginProcessing()
    {
        ValidateRetention(RetentionInDays);
        _tags = ConvertTags(Tag);
    }

    protected override void ProcessRecord()
    {
        foreach (var name in LogGroupName)
        {
            if (!ShouldProcess(name, Describe()))
            {
                continue;
            }
            var spec = new LogGroupSpec(name) { RetentionInDays = RetentionInDays, KmsKeyId = KmsKeyId, Tags = _tags, LogGroupClass = LogGroupClass };
            TryForName(name, "Creating the log group", () => WriteObject(Wait(Lifecycle.CreateGroupAsync(spec, CancellationToken))));
            ForgetCompletions();
        }
    }

    private string Describe()
    {
        var details = new List<string>();
        if (LogGroupClass is { } logGroupClass)
        {
            details.Add($"class {logGroupClass}");
        }
        details.Add(RetentionInDays is int days ? $"events kept {days} days" : "events kept forever");
        if (_tags is { Count: > 0 })
        {
            details.Add("tags " + string.Join(", ", _tags.Select(t => $"{t.Key}={t.Value}")));
        }
        if (KmsKeyId is not null)
        {
            details.Add($"encrypted with {KmsKeyId}");
        }
        return $"Create log group ({string.Join("; ", details)})";
    }
}
