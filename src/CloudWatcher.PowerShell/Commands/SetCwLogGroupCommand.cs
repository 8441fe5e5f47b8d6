using System.Collections;
using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Sets or removes the retention of log groups and adds tags (PutRetentionPolicy / DeleteRetentionPolicy, TagResource).</summary>
[Cmdlet(VerbsCommon.Set, "CwLogGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = TagSet)]
[OutputType(typeof(LogGroup))]
public sealed class SetCwLogGroupCommand : LogLifecycleCmdlet
{
    private const string RetentionSet = "Retention";
    private const string RemoveRetentionSet = "RemoveRetention";
    private const string TagSet = "Tag";

    private IReadOnlyDictionary<string, string>? _tags;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>Days to keep events (one of the values CloudWatch Logs accepts); older events are deleted.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = RetentionSet)]
    [ArgumentCompleter(typeof(RetentionDaysCompleter))]
    public int RetentionInDays { get; set; }

    /// <summary>Keep events forever (DeleteRetentionPolicy).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RemoveRetentionSet)]
    public SwitchParameter RemoveRetention { get; set; }

    /// <summary>Tags to add; a key the group has already gets the new value.</summary>
    [Parameter(ParameterSetName = RetentionSet)]
    [Parameter(ParameterSetName = RemoveRetentionSet)]
    [Parameter(Mandatory = true, ParameterSetName = TagSet)]
    [ValidateNotNull]
    public Hashtable? Tag { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == RetentionSet)
        {
            ValidateRetention(RetentionInDays);
        }
        _tags = ConvertTags(Tag);
        if (ParameterSetName == TagSet && _tags is { Count: 0 })
        {
            ThrowTerminatingError(ErrorRecords.Create("NothingToChange", ErrorKind.InvalidInput,
                "-Tag is empty: give at least one tag, e.g. -Tag @{ team = 'payments' }.", Tag));
        }
    }

    protected override void ProcessRecord()
    {
        var update = new LogGroupUpdate("")
        {
            RetentionInDays = ParameterSetName == RetentionSet ? RetentionInDays : null,
            RemoveRetention = RemoveRetention,
            Tags = _tags,
        };
        foreach (var name in LogGroupName)
        {
            if (!ShouldProcess(name, Describe()))
            {
                continue;
            }
            TryForName(name, "Changing the log group", () =>
            {
                if (Wait(Lifecycle.UpdateGroupAsync(update with { LogGroupName = name }, PassThru, CancellationToken)) is { } group)
                {
                    WriteObject(group);
                }
            });
        }
    }

    private string Describe()
    {
        var changes = new List<string>();
        if (ParameterSetName == RetentionSet)
        {
            changes.Add($"keep events {RetentionInDays} days (older ones are deleted)");
        }
        else if (RemoveRetention)
        {
            changes.Add("keep events forever");
        }
        if (_tags is { Count: > 0 })
        {
            changes.Add("add tags " + string.Join(", ", _tags.Select(t => $"{t.Key}={t.Value}")));
        }
        return $"Set log group: {string.Join("; ", changes)}";
    }
}
