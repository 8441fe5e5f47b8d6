using System.Text.Json;
using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// The lifecycle of groups and streams: DeleteLogGroup, DeleteLogStream, PutRetentionPolicy (AWS's day counts only),
/// DeleteRetentionPolicy, tags by group ARN (TagResource, ListTagsForResource) and by name (the deprecated TagLogGroup,
/// ListTagsLogGroup).
/// </summary>
internal sealed partial class LogsHandler
{
    internal const int MaxTags = 50;

    /// <summary>The retention periods CloudWatch Logs accepts, in days.</summary>
    internal static readonly int[] RetentionDays =
        { 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 };

    private const string TagKeyPattern = @"^([\p{L}\p{Z}\p{N}_.:/=+\-@]+)$";
    private const string TagValuePattern = @"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";

    [GeneratedRegex(TagKeyPattern)] private static partial Regex TagKeyRegex();
    [GeneratedRegex(TagValuePattern)] private static partial Regex TagValueRegex();

    private void DeleteLogGroup(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        if (!_store.TryDeleteGroup(name)) throw GroupNotFound();
    }

    private void DeleteLogStream(JsonArgs a)
    {
        string groupName = a.Required("logGroupName");
        string streamName = a.Required("logStreamName");
        ValidateGroupName(groupName);
        ValidateStreamName(streamName);
        var g = _store.FindGroup(groupName) ?? throw GroupNotFound();
        if (!g.TryDeleteStream(streamName)) throw StreamNotFound();
    }

    private void PutRetentionPolicy(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        long days = a.Long("retentionInDays")
            ?? throw JsonArgs.Invalid("1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null");
        if (days is < 1 or > int.MaxValue || Array.IndexOf(RetentionDays, (int)days) < 0)
            throw JsonArgs.Invalid($"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
        var g = _store.FindGroup(name) ?? throw GroupNotFound();
        g.RetentionInDays = (int)days;
    }

    private void DeleteRetentionPolicy(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        var g = _store.FindGroup(name) ?? throw GroupNotFound();
        g.RetentionInDays = null;
    }

    private void TagResource(JsonArgs a)
    {
        var g = GroupByArn(a);
        var tags = a.StringMap("tags")
            ?? throw JsonArgs.Invalid("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        ValidateTags(tags);
        if (!g.TryTag(tags, MaxTags))
            throw new ServiceError("TooManyTagsException", $"A resource can have no more than {MaxTags} tags.");
    }

    private void TagLogGroup(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        var tags = a.StringMap("tags")
            ?? throw JsonArgs.Invalid("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        ValidateTags(tags);
        var g = _store.FindGroup(name) ?? throw GroupNotFound();
        if (!g.TryTag(tags, MaxTags))
            throw JsonArgs.Invalid($"A resource can have no more than {MaxTags} tags.");
    }

    private void ListTagsForResource(JsonArgs a, Utf8JsonWriter w) => WriteTags(w, GroupByArn(a));

    private void ListTagsLogGroup(JsonArgs a, Utf8JsonWriter w)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        WriteTags(w, _store.FindGroup(name) ?? throw GroupNotFound());
    }

    private static void WriteTags(Utf8JsonWriter w, LogGroup g)
    {
        w.WriteStartObject("tags");
        foreach (var (key, value) in g.Tags()) w.WriteString(key, value);
        w.WriteEndObject();
    }

    /// <summary>
    /// The group a resourceArn names: arn:aws:logs:REGION:ACCOUNT:log-group:NAME, without the ":*" that
    /// DescribeLogGroups' "arn" carries (that form, another region or account, or another resource type is not found).
    /// </summary>
    private LogGroup GroupByArn(JsonArgs a)
    {
        string arn = a.Required("resourceArn");
        JsonArgs.Length(arn, "resourceArn", 1, 1011);
        string prefix = $"arn:aws:logs:{_store.Region}:{LogsStore.AccountId}:log-group:";
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || arn.Split(':').Length < 6)
            throw JsonArgs.Invalid($"Invalid resourceArn: {arn}");
        if (!arn.StartsWith(prefix, StringComparison.Ordinal))
            throw new ServiceError("ResourceNotFoundException", "The specified resource does not exist.");
        return _store.FindGroup(arn[prefix.Length..]) ?? throw GroupNotFound();
    }

    internal static void ValidateTags(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count is < 1 or > MaxTags)
            throw JsonArgs.Invalid($"1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length {(tags.Count < 1 ? "greater than or equal to 1" : "less than or equal to 50")}");
        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || !TagKeyRegex().IsMatch(key))
                throw JsonArgs.Invalid($"1 validation error detected: Value '{key}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: {TagKeyPattern}]");
            if (value.Length > 256 || !TagValueRegex().IsMatch(value))
                throw JsonArgs.Invalid($"1 validation error detected: Value '{value}' at 'tags.{key}.member' failed to satisfy constraint: Member must have length less than or equal to 256, Member must satisfy regular expression pattern: {TagValuePattern}");
        }
    }
}
