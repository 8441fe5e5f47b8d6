namespace CloudWatcher.Diagnostics;

/// <summary>
/// The one back-off policy for everything that waits (polling a log that has nothing new, waiting out throttling
/// while following): the first wait, doubled on each repeat up to a cap, back to the first after progress. Waits
/// end at once on cancellation (Ctrl+C).
/// </summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private TimeSpan _next;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        if (initial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The first wait must be longer than zero.");
        }
        _initial = initial;
        _max = max < initial ? initial : max;
        _next = initial;
    }

    /// <summary>The wait the next <see cref="WaitAsync"/> will take.</summary>
    public TimeSpan Next => _next;

    /// <summary>Waits the current interval, then doubles it (up to the cap).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, _max.Ticks));
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Back to the first interval (something happened).</summary>
    public void Reset() => _next = _initial;
}
