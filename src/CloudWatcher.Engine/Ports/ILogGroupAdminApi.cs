namespace CloudWatcher.Ports;

/// <summary>
/// The lifecycle of log groups and streams beyond creating them: deleting, retention and tags (DeleteLogGroup,
/// DeleteLogStream, PutRetentionPolicy, DeleteRetentionPolicy, TagResource, ListTagsForResource).
/// </summary>
public interface ILogGroupAdminApi
{
    Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken);

    Task DeleteLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken);

    /// <summary>Events older than this many days are deleted; the service accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.</summary>
    Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken);

    /// <summary>Events are kept forever.</summary>
    Task DeleteRetentionPolicyAsync(string logGroupName, CancellationToken cancellationToken);

    /// <summary>Adds or replaces tags on a log group, named by its ARN without the trailing ":*".</summary>
    Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>The tags of a log group, named by its ARN without the trailing ":*".</summary>
    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken);
}
