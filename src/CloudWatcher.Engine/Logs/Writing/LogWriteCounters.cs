namespace CloudWatcher.Logs.Writing;

/// <summary>What a writer or resend has done so far; updated from the sender's thread, read from any.</summary>
internal sealed class LogWriteCounters
{
    private long _sent;
    private long _calls;
    private long _bytes;
    private long _rejected;
    private long _oversize;
    private long _truncated;
    private long _skipped;
    private long _resent;
    private long _alreadyDelivered;
    private long _possibleDuplicates;

    public long Sent => Interlocked.Read(ref _sent);

    public long Calls => Interlocked.Read(ref _calls);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Oversize => Interlocked.Read(ref _oversize);

    public long Truncated => Interlocked.Read(ref _truncated);

    public long Skipped => Interlocked.Read(ref _skipped);

    public long Resent => Interlocked.Read(ref _resent);

    public long AlreadyDelivered => Interlocked.Read(ref _alreadyDelivered);

    public long PossibleDuplicates => Interlocked.Read(ref _possibleDuplicates);

    public void AddCall(long bytes, long stored, long rejected, bool resend)
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _sent, stored);
        Interlocked.Add(ref _rejected, rejected);
        if (resend)
        {
            Interlocked.Add(ref _resent, stored + rejected);
        }
    }

    public void AddOversize() => Interlocked.Increment(ref _oversize);

    public void AddTruncated() => Interlocked.Increment(ref _truncated);

    public void AddSkipped() => Interlocked.Increment(ref _skipped);

    public void AddAlreadyDelivered(long count) => Interlocked.Add(ref _alreadyDelivered, count);

    public void AddPossibleDuplicates(long count) => Interlocked.Add(ref _possibleDuplicates, count);
}
