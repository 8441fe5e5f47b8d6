using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Engine;

/// <summary>FakeLogsApi's filter patterns: the term syntax of FilterLogEvents, enough for engine tests.</summary>
internal sealed partial class FakeLogsApi
{
    /// <summary>
    /// A term pattern, matched case-sensitively as substrings: "A B" (all), "\"a phrase\"", "A -B" (not B), "?A ?B"
    /// (either; a "?" starts a group the plain terms after it join). JSON, space-delimited and %regex% patterns are
    /// the emulator's business: the fake refuses them rather than guess.
    /// </summary>
    private sealed class TermPattern
    {
        private readonly List<List<string>> _groups;
        private readonly List<string> _excluded;

        private TermPattern(List<List<string>> groups, List<string> excluded)
        {
            _groups = groups;
            _excluded = excluded;
        }

        public static TermPattern Parse(string op, string? pattern)
        {
            var groups = new List<List<string>> { new() };
            var excluded = new List<string>();
            var p = (pattern ?? "").Trim();
            if (p.Length > 0 && p[0] is '{' or '[')
            {
                throw NotTerms(p);
            }
            var alternatives = false;
            for (var i = 0; i < p.Length;)
            {
                if (char.IsWhiteSpace(p[i]))
                {
                    i++;
                    continue;
                }
                var prefix = p[i] is '?' or '-' ? p[i++] : ' ';
                if (i < p.Length && p[i] == '%')
                {
                    throw NotTerms(p);
                }
                var term = ReadTerm(op, p, ref i);
                if (prefix == '-')
                {
                    excluded.Add(term);
                    continue;
                }
                if (prefix == '?' && (alternatives || groups[0].Count > 0))
                {
                    groups.Add(new List<string>());
                }
                alternatives |= prefix == '?';
                groups[^1].Add(term);
            }
            return new TermPattern(groups, excluded);
        }

        private static NotSupportedException NotTerms(string p) =>
            new($"The fake matches term patterns only, not '{p}'; test that pattern against the emulator.");

        private static string ReadTerm(string op, string p, ref int i)
        {
            var start = i;
            if (i < p.Length && p[i] == '"')
            {
                var close = p.IndexOf('"', i + 1);
                if (close <= i + 1)
                {
                    throw Invalid(op, "Invalid filter pattern");
                }
                i = close + 1;
                return p[(start + 1)..close];
            }
            while (i < p.Length && !char.IsWhiteSpace(p[i]))
            {
                if (!char.IsLetterOrDigit(p[i]) && p[i] != '_')
                {
                    throw Invalid(op, "Invalid filter pattern");
                }
                i++;
            }
            return i > start ? p[start..i] : throw Invalid(op, "Invalid filter pattern");
        }

        public bool IsMatch(string message) =>
            !_excluded.Any(t => message.Contains(t, StringComparison.Ordinal))
            && _groups.Any(g => g.All(t => message.Contains(t, StringComparison.Ordinal)));
    }
}
