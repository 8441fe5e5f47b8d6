namespace CloudWatcher.Text;

/// <summary>
/// Which log groups or streams a command asked for: exact names and wildcard patterns (case-sensitive, like the
/// names), optionally under a service-side name prefix. It says which prefixes to list (the literal text before each
/// pattern's first wildcard, the fewest that cover them all, each listed once), whether a listed name is wanted, and
/// afterwards which exact names were never seen.
/// </summary>
public sealed class NameSelection
{
    private readonly List<Entry> _entries;
    private readonly string? _prefix;

    public NameSelection(IEnumerable<string>? names, string? prefix = null)
    {
        if (prefix is { Length: 0 })
        {
            throw new CloudWatcherException("InvalidNamePrefix", ErrorKind.InvalidInput, "The name prefix is empty; leave it out to list every name.");
        }
        _prefix = prefix;
        _entries = (names ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).Select(n => new Entry(new Wildcard(n, ignoreCase: false), prefix)).ToList();
    }

    /// <summary>True when names or patterns were given (otherwise everything under the prefix is wanted).</summary>
    public bool HasNames => _entries.Count > 0;

    /// <summary>
    /// The prefixes to list, in ordinal order, disjoint, so the listings concatenated stay sorted by name; a single
    /// null lists everything. Empty when nothing can match (a pattern outside the prefix).
    /// </summary>
    public IReadOnlyList<string?> ServicePrefixes
    {
        get
        {
            if (_entries.Count == 0)
            {
                return new[] { _prefix };
            }
            return CoveringPrefixes(_entries.Where(e => e.ServicePrefix is not null).Select(e => e.ServicePrefix!.Length == 0 ? null : e.ServicePrefix));
        }
    }

    /// <summary>Whether a listed name is wanted; records which entries it satisfied.</summary>
    public bool Accept(string name)
    {
        if (_prefix is not null && !name.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (_entries.Count == 0)
        {
            return true;
        }
        var matched = false;
        foreach (var entry in _entries)
        {
            if (entry.Pattern.IsMatch(name))
            {
                entry.Found = true;
                matched = true;
            }
        }
        return matched;
    }

    /// <summary>Exact names (no wildcard) that no listed name matched, except those under a listing that failed.</summary>
    public IReadOnlyList<string> NotFound(IEnumerable<string?>? failedPrefixes = null)
    {
        var failed = (failedPrefixes ?? Array.Empty<string?>()).Select(p => p ?? "").ToList();
        return _entries
            .Where(e => !e.Pattern.HasWildcards && !e.Found && !failed.Any(p => (e.ServicePrefix ?? "").StartsWith(p, StringComparison.Ordinal)))
            .Select(e => e.Pattern.LiteralPrefix)
            .ToList();
    }

    /// <summary>
    /// The fewest prefixes whose listings together cover every given prefix, in ordinal order, each listed once: a prefix
    /// that extends another is dropped. An empty or null prefix covers everything, so the answer is then a single null.
    /// </summary>
    public static IReadOnlyList<string?> CoveringPrefixes(IEnumerable<string?> prefixes)
    {
        var sorted = prefixes.ToList();
        if (sorted.Count == 0)
        {
            return Array.Empty<string?>();
        }
        if (sorted.Any(string.IsNullOrEmpty))
        {
            return new string?[] { null };
        }
        sorted.Sort(StringComparer.Ordinal);
        var result = new List<string?>();
        foreach (var prefix in sorted)
        {
            // Sorted ordinally, an extension of a kept prefix always comes right after it.
            if (result.Count == 0 || !prefix!.StartsWith(result[^1]!, StringComparison.Ordinal))
            {
                result.Add(prefix);
            }
        }
        return result;
    }

    private sealed class Entry
    {
        public Entry(Wildcard pattern, string? namePrefix)
        {
            Pattern = pattern;
            var literal = pattern.LiteralPrefix;
            // With a name prefix too: the longer of the two when one extends the other, else nothing can match.
            ServicePrefix = namePrefix is null || literal.StartsWith(namePrefix, StringComparison.Ordinal) ? literal
                : namePrefix.StartsWith(literal, StringComparison.Ordinal) ? namePrefix
                : null;
        }

        public Wildcard Pattern { get; }

        /// <summary>The prefix to list ("" for everything), or null when no name can match.</summary>
        public string? ServicePrefix { get; }

        public bool Found { get; set; }
    }
}
