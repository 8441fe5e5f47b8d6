using System.Text;
using System.Text.RegularExpressions;

namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>
/// Term patterns for unstructured events (case-sensitive substring matches):
/// <c>ERROR Exception</c> (all terms), <c>"exact phrase"</c>, <c>ERROR -timeout</c> (exclusion),
/// <c>?ERROR ?WARN</c> (alternatives), <c>%regex%</c>. A <c>?</c> starts a new alternative group and the plain terms after
/// it join that group, so <c>?"ERROR" "MainThread" ?"WARN" "Deadlock"</c> is (ERROR and MainThread) or (WARN and Deadlock),
/// as the AWS CDK writes it. Exclusions apply to the whole pattern: <c>?ERROR ?FATAL -healthcheck</c>.
/// Unquoted terms may only hold letters, digits and '_'; anything else must be quoted.
/// </summary>
internal sealed class TermPattern : EventPattern
{
    private readonly List<Term>[] _groups;
    private readonly Term[] _excluded;

    private TermPattern(List<Term>[] groups, Term[] excluded)
    {
        _groups = groups;
        _excluded = excluded;
    }

    private sealed class Term(string? text, Regex? regex)
    {
        public bool IsMatch(string message) => text is not null ? message.Contains(text, StringComparison.Ordinal) : regex!.IsMatch(message);
    }

    public static new TermPattern Parse(string p)
    {
        var groups = new List<List<Term>> { new() };
        var excluded = new List<Term>();
        bool anyAlternative = false;
        int i = 0;
        while (i < p.Length)
        {
            if (char.IsWhiteSpace(p[i])) { i++; continue; }
            bool alternative = false, exclude = false;
            if (p[i] == '?') { alternative = true; i++; }
            else if (p[i] == '-') { exclude = true; i++; }
            if (i >= p.Length || char.IsWhiteSpace(p[i])) throw Invalid();
            var term = ReadTerm(p, ref i);
            if (i < p.Length && !char.IsWhiteSpace(p[i])) throw Invalid();
            if (exclude)
            {
                excluded.Add(term);
                continue;
            }
            if (alternative)
            {
                if (anyAlternative || groups[0].Count > 0) groups.Add(new List<Term>());
                anyAlternative = true;
            }
            groups[^1].Add(term);
        }
        return new TermPattern(groups.ToArray(), excluded.ToArray());
    }

    private static Term ReadTerm(string p, ref int i)
    {
        if (p[i] == '"')
        {
            var sb = new StringBuilder();
            i++;
            while (true)
            {
                if (i >= p.Length) throw Invalid();
                char c = p[i++];
                if (c == '"') break;
                if (c == '\\' && i < p.Length && p[i] is '"' or '\\') c = p[i++];
                sb.Append(c);
            }
            if (sb.Length == 0) throw Invalid();
            return new Term(sb.ToString(), null);
        }
        if (p[i] == '%')
        {
            int close = p.IndexOf('%', i + 1);
            if (close <= i + 1) throw Invalid();
            string rx = p[(i + 1)..close];
            i = close + 1;
            if (rx.Contains('(') || rx.Contains(')')) throw Invalid();
            try { return new Term(null, new Regex(rx, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))); }
            catch (ArgumentException) { throw Invalid(); }
        }
        int start = i;
        while (i < p.Length && !char.IsWhiteSpace(p[i]))
        {
            if (!(char.IsLetterOrDigit(p[i]) || p[i] == '_')) throw Invalid();
            i++;
        }
        return new Term(p[start..i], null);
    }

    public override bool IsMatch(string message)
    {
        foreach (var t in _excluded) if (t.IsMatch(message)) return false;
        foreach (var g in _groups) if (AllMatch(g, message)) return true;
        return false;
    }

    private static bool AllMatch(List<Term> terms, string message)
    {
        foreach (var t in terms) if (!t.IsMatch(message)) return false;
        return true;
    }
}
