using System.Collections;

namespace CloudWatcher.Logs;

/// <summary>
/// The events of one page, kept in 4,096-entry blocks (32 KB each). A page holds up to 10,000 events; one array of
/// them would grow to 16,384 references (128 KB) and land on the large object heap, which only a full collection
/// frees, so a long read (Watch-CwLog over millions of events) would raise the process's memory by every page it
/// read. In blocks, a page is ordinary gen-0 garbage like its events.
/// </summary>
internal sealed class LogEventPage : IReadOnlyList<LogEvent>
{
    private const int BlockShift = 12;
    private const int BlockSize = 1 << BlockShift;
    private const int BlockMask = BlockSize - 1;

    /// <summary>The size of one block's array of references (64-bit), well below the 85,000-byte LOH threshold.</summary>
    public const int BlockBytes = BlockSize * 8;

    private readonly List<LogEvent[]> _blocks = new(3);

    public int Count { get; private set; }

    public LogEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
            return _blocks[index >> BlockShift][index & BlockMask];
        }
    }

    public void Add(LogEvent logEvent)
    {
        var slot = Count & BlockMask;
        if (slot == 0 && Count >> BlockShift == _blocks.Count)
        {
            _blocks.Add(new LogEvent[BlockSize]);
        }
        _blocks[Count >> BlockShift][slot] = logEvent;
        Count++;
    }

    /// <summary>The events for which <paramref name="keep"/> is true, as a new page.</summary>
    public static LogEventPage Where(IReadOnlyList<LogEvent> events, Func<LogEvent, bool> keep)
    {
        var page = new LogEventPage();
        for (var i = 0; i < events.Count; i++)
        {
            if (keep(events[i]))
            {
                page.Add(events[i]);
            }
        }
        return page;
    }

    public IEnumerator<LogEvent> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _blocks[i >> BlockShift][i & BlockMask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
