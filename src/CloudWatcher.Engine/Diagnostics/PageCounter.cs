namespace CloudWatcher.Diagnostics;

/// <summary>Counts the pages of a listing and reports them as progress ("page 3, 150 log groups so far").</summary>
internal sealed class PageCounter
{
    private readonly IEngineSink _sink;
    private readonly ProgressActivity _activity;
    private readonly string _what;
    private int _items;
    private bool _shown;

    public PageCounter(IEngineSink sink, ProgressActivity activity, string what)
    {
        _sink = sink;
        _activity = activity;
        _what = what;
    }

    public int Pages { get; private set; }

    public void Page(int items, bool more)
    {
        Pages++;
        _items += items;
        var report = new ProgressReport(_activity, $"Page {Pages}, {_items} {_what} so far", Pages, more);
        _shown |= report.IsWorthShowing;
        _sink.Progress(report);
    }

    public void Complete()
    {
        if (_shown)
        {
            _sink.Progress(new ProgressReport(_activity, "Done", Pages, Completed: true));
        }
    }
}
