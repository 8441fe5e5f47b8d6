using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// The subset of the CloudWatch Logs filter-pattern syntax the emulator understands:
/// empty (match all), plain terms (all must appear, case-sensitive) and "quoted exact phrases".
/// Anything else (JSON/space-delimited patterns, ?OR, -exclusion, regex) is rejected.
/// </summary>
internal sealed class FilterPattern
{
    private readonly string[] _terms;

    private FilterPattern(string[] terms) => _terms = terms;

    public static FilterPattern Parse(string? pattern)
    {
        var terms = new List<string>();
        string p = pattern ?? "";
        int i = 0;
        while (i < p.Length)
        {
            char c = p[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '"')
            {
                int close = p.IndexOf('"', i + 1);
                if (close < 0) throw Invalid();
                string phrase = p[(i + 1)..close];
                if (phrase.Contains('\\')) throw Invalid();
                if (phrase.Length > 0) terms.Add(phrase);
                i = close + 1;
                if (i < p.Length && !char.IsWhiteSpace(p[i])) throw Invalid();
                continue;
            }
            int start = i;
            while (i < p.Length && !char.IsWhiteSpace(p[i])) i++;
            string term = p[start..i];
            if (!IsPlainTerm(term)) throw Invalid();
            terms.Add(term);
        }
        return new FilterPattern(terms.ToArray());
    }

    private static bool IsPlainTerm(string term)
    {
        if (term[0] is '-' or '?' or '%') return false;
        foreach (char c in term)
        {
            if (char.IsLetterOrDigit(c) || c is '_' or '.' or ':' or '/' or '@' or '-' or '#' or ',' or '+' or '\'') continue;
            return false;
        }
        return true;
    }

    private static ServiceError Invalid() => new("InvalidParameterException", "Invalid filter pattern");

    public bool MatchesAll => _terms.Length == 0;

    public bool IsMatch(string message)
    {
        foreach (var t in _terms)
            if (!message.Contains(t, StringComparison.Ordinal)) return false;
        return true;
    }
}
