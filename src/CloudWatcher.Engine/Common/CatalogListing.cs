namespace CloudWatcher.Common;

/// <summary>One entry of a catalog listing: an item, or a listing the service refused (reported, and the rest goes on).</summary>
public readonly record struct ListingEntry<T>(T? Item, CloudWatcherServiceException? Refused)
    where T : class;

/// <summary>
/// The result of a catalog listing (log groups, log streams, metrics): the entries, streamed as pages arrive, and,
/// once they have all been read, the exact names that were asked for and not found.
/// </summary>
public sealed class CatalogListing<T>
    where T : class
{
    private readonly Func<CancellationToken, IAsyncEnumerable<ListingEntry<T>>> _read;
    private readonly Func<IReadOnlyList<string>> _notFound;
    private bool _completed;

    internal CatalogListing(Func<CancellationToken, IAsyncEnumerable<ListingEntry<T>>> read, Func<IReadOnlyList<string>> notFound)
    {
        _read = read;
        _notFound = notFound;
    }

    /// <summary>Reads the listing once, page by page.</summary>
    public async IAsyncEnumerable<ListingEntry<T>> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in _read(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
        _completed = true;
    }

    /// <summary>Exact names asked for that no listed item matched; valid after <see cref="ReadAsync"/> ran to its end.</summary>
    public IReadOnlyList<string> NotFound => _completed ? _notFound() : Array.Empty<string>();
}
