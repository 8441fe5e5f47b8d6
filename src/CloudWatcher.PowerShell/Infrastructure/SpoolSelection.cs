using CloudWatcher.Text;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Which spooled streams a spool command asked for: pairs of group and stream names or wildcard patterns
/// (case-sensitive, like the names), from parameters or piped objects; no names means every stream.
/// </summary>
internal sealed class SpoolSelection
{
    private readonly List<(Wildcard[] Groups, Wildcard[] Streams)> _entries = new();

    public void Add(string[]? groups, string[]? streams) =>
        _entries.Add(((groups ?? Array.Empty<string>()).Select(g => new Wildcard(g, ignoreCase: false)).ToArray(),
            (streams ?? Array.Empty<string>()).Select(s => new Wildcard(s, ignoreCase: false)).ToArray()));

    public bool Matches(string group, string stream) =>
        _entries.Count == 0 || _entries.Any(e =>
            (e.Groups.Length == 0 || e.Groups.Any(g => g.IsMatch(group))) && (e.Streams.Length == 0 || e.Streams.Any(s => s.IsMatch(stream))));
}
