using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>The fake's log group lifecycle: delete, retention (AWS's allowed day counts), tags by group ARN.</summary>
internal sealed partial class FakeLogsApi
{
    private static readonly HashSet<int> RetentionDays = new()
    {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    };

    /// <summary>The retention in days of a group (null: forever).</summary>
    public int? RetentionOf(string group)
    {
        lock (_gate)
        {
            return Group("Test", group).RetentionInDays;
        }
    }

    /// <summary>The tags of a group.</summary>
    public IReadOnlyDictionary<string, string> TagsOf(string group)
    {
        lock (_gate)
        {
            return new Dictionary<string, string>(Group("Test", group).Tags, StringComparer.Ordinal);
        }
    }

    public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            Group("DeleteLogGroup", logGroupName);
            _groups.Remove(logGroupName);
        }
        return Task.CompletedTask;
    }

    public Task DeleteLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            Stream("DeleteLogStream", logGroupName, logStreamName);
            _groups[logGroupName].Streams.Remove(logStreamName);
        }
        return Task.CompletedTask;
    }

    public Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            if (!RetentionDays.Contains(retentionInDays))
            {
                throw Invalid("PutRetentionPolicy", $"1 validation error detected: Value '{retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionDays.Order())}]");
            }
            Group("PutRetentionPolicy", logGroupName).RetentionInDays = retentionInDays;
        }
        return Task.CompletedTask;
    }

    public Task DeleteRetentionPolicyAsync(string logGroupName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            Group("DeleteRetentionPolicy", logGroupName).RetentionInDays = null;
        }
        return Task.CompletedTask;
    }

    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var name = resourceArn.StartsWith(Arn, StringComparison.Ordinal) ? resourceArn[Arn.Length..] : null;
            if (name is null || !_groups.TryGetValue(name, out var group))
            {
                throw Error("TagResource", "ResourceNotFoundException", ErrorKind.NotFound, $"The specified resource does not exist: {resourceArn}");
            }
            foreach (var (key, value) in tags)
            {
                group.Tags[key] = value;
            }
        }
        return Task.CompletedTask;
    }
}
