using System.Runtime.CompilerServices;

namespace CloudWatcher.Common;

/// <summary>Follows NextToken pages lazily, one call per page, so callers stream instead of buffering.</summary>
public static class Paging
{
    public static async IAsyncEnumerable<TPage> FollowAsync<TPage>(
        Func<string?, CancellationToken, Task<TPage>> fetch,
        Func<TPage, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetch(token, cancellationToken).ConfigureAwait(false);
            yield return page;
            token = nextToken(page);
            if (string.IsNullOrEmpty(token))
            {
                yield break;
            }
            if (!seen.Add(token))
            {
                throw new CloudWatcherException("RepeatedPageToken", ErrorKind.InvalidData, $"The service returned the page token '{token}' twice; stopping to avoid an endless loop. Check that the endpoint is a CloudWatch endpoint.");
            }
        }
    }
}
