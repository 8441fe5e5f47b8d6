using System.Text.RegularExpressions;
using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>
/// The fake's log group lifecycle, as the emulator and AWS answer it: delete (group, stream), retention (AWS's allowed
/// day counts, checked before the group is looked up; events past it hidden from reads and stored bytes), tags by
/// group ARN without the ":*" (at most 50, keys and values as the API reference allows).
/// </summary>
internal sealed partial class FakeLogsApi
{
    private const int MaxTags = 50;

    private static readonly int[] RetentionDays =
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

    /// <summary>Whether a group exists.</summary>
    public bool HasGroup(string group)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(group);
        }
    }

    /// <summary>Whether a stream exists.</summary>
    public bool HasStream(string group, string stream)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(group, out var g) && g.Streams.ContainsKey(stream);
        }
    }

    public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            CheckGroupName("DeleteLogGroup", logGroupName);
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
            CheckGroupName("DeleteLogStream", logGroupName);
            CheckStreamName("DeleteLogStream", logStreamName);
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
            CheckGroupName("PutRetentionPolicy", logGroupName);
            if (!RetentionDays.Contains(retentionInDays))
            {
                throw Invalid("PutRetentionPolicy", $"1 validation error detected: Value '{retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
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
            CheckGroupName("DeleteRetentionPolicy", logGroupName);
            Group("DeleteRetentionPolicy", logGroupName).RetentionInDays = null;
        }
        return Task.CompletedTask;
    }

    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        const string op = "TagResource";
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var group = GroupByArn(op, resourceArn);
            CheckTags(op, tags);
            if (group.Tags.Count + tags.Keys.Count(k => !group.Tags.ContainsKey(k)) > MaxTags)
            {
                throw Error(op, "TooManyTagsException", ErrorKind.InvalidInput, $"A resource can have no more than {MaxTags} tags.");
            }
            foreach (var (key, value) in tags)
            {
                group.Tags[key] = value;
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            MaybeFail();
            var group = GroupByArn("ListTagsForResource", resourceArn);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(group.Tags, StringComparer.Ordinal));
        }
    }

    /// <summary>The group of an ARN without the ":*" (the form with it names no resource that can be tagged).</summary>
    private GroupState GroupByArn(string op, string resourceArn) =>
        resourceArn.StartsWith(Arn, StringComparison.Ordinal) && _groups.TryGetValue(resourceArn[Arn.Length..], out var group)
            ? group
            : throw Error(op, "ResourceNotFoundException", ErrorKind.NotFound, "The specified resource does not exist.");

    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$")]
    private static partial Regex TagKey();

    [GeneratedRegex(@"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$")]
    private static partial Regex TagValue();

    private static void CheckTags(string op, IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count is < 1 or > MaxTags)
        {
            throw Invalid(op, $"1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length between 1 and {MaxTags}");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length > 128 || !TagKey().IsMatch(key))
            {
                throw Invalid(op, $"1 validation error detected: Value '{key}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^([\\p{{L}}\\p{{Z}}\\p{{N}}_.:/=+\\-@]+)$]");
            }
            if (value.Length > 256 || !TagValue().IsMatch(value))
            {
                throw Invalid(op, $"1 validation error detected: Value '{value}' at 'tags.{key}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{{L}}\\p{{Z}}\\p{{N}}_.:/=+\\-@]*)$");
            }
        }
    }
}
