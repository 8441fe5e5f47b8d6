using System.Text.RegularExpressions;

namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>
/// Space-delimited patterns: <c>[ip, user, ..., status = 4* || status = 5*, bytes &gt; 1000]</c>.
/// Each slot names one field; <c>...</c> matches any number of fields. A slot's conditions (combined with &amp;&amp; / ||
/// and parentheses) may only refer to that slot's name. Message fields are separated by spaces; a field in "quotes"
/// or [brackets] may contain spaces and is compared without the enclosing characters.
/// </summary>
internal sealed partial class DelimitedPattern : EventPattern
{
    [GeneratedRegex("^[A-Za-z0-9_-]+$")] private static partial Regex NameRegex();

    /// <summary>A slot: null = "..." (any number of fields), otherwise the field condition (Always when none).</summary>
    private readonly Condition<string>?[] _slots;
    private readonly bool _hasEllipsis;
    private readonly List<(int Start, int Length)> _fields = new();

    private DelimitedPattern(Condition<string>?[] slots)
    {
        _slots = slots;
        _hasEllipsis = slots.Any(s => s is null);
    }

    public static new DelimitedPattern Parse(string body)
    {
        var lx = PatternLexer.Of(body);
        var slots = new List<Condition<string>?>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            if (lx.Peek.Kind == TokenKind.Word && lx.Peek.Text == "...")
            {
                lx.Take();
                slots.Add(null);
                continue;
            }
            string? slotName = null;
            Condition<string> ParseLeaf(PatternLexer l)
            {
                string name = l.Expect(TokenKind.Word).Text;
                if (!NameRegex().IsMatch(name) || (slotName is not null && name != slotName)) throw Invalid();
                slotName = name;
                return l.Peek.Kind == TokenKind.Op ? new FieldCompare(Comparison.Parse(l)) : Always.Instance;
            }
            var cond = ConditionParser.Parse(lx, ParseLeaf);
            if (!names.Add(slotName!)) throw Invalid();
            slots.Add(cond);
        }
        while (lx.TryTake(TokenKind.Comma, out _));
        lx.Expect(TokenKind.End);
        return new DelimitedPattern(slots.ToArray());
    }

    public override bool IsMatch(string message)
    {
        Split(message);
        if (!_hasEllipsis && _fields.Count != _slots.Length) return false;
        return MatchFrom(message, 0, 0);
    }

    private bool MatchFrom(string message, int slot, int field)
    {
        for (; slot < _slots.Length; slot++, field++)
        {
            var cond = _slots[slot];
            if (cond is null)
            {
                for (int f = field; f <= _fields.Count; f++)
                    if (MatchFrom(message, slot + 1, f)) return true;
                return false;
            }
            if (field >= _fields.Count) return false;
            var (start, length) = _fields[field];
            if (!ReferenceEquals(cond, Always.Instance) && !cond.Eval(message.Substring(start, length))) return false;
        }
        return field == _fields.Count;
    }

    private void Split(string m)
    {
        _fields.Clear();
        int i = 0;
        while (i < m.Length)
        {
            if (m[i] == ' ' || char.IsWhiteSpace(m[i])) { i++; continue; }
            char close = m[i] switch { '"' => '"', '[' => ']', _ => '\0' };
            if (close != '\0')
            {
                int end = m.IndexOf(close, i + 1);
                if (end >= 0)
                {
                    _fields.Add((i + 1, end - i - 1));
                    i = end + 1;
                    continue;
                }
            }
            int start = i;
            while (i < m.Length && !char.IsWhiteSpace(m[i])) i++;
            _fields.Add((start, i - start));
        }
    }

    private sealed class Always : Condition<string>
    {
        public static readonly Always Instance = new();
        public override bool Eval(in string value) => true;
    }

    private sealed class FieldCompare(Comparison cmp) : Condition<string>
    {
        public override bool Eval(in string value)
        {
            if (cmp.IsNumeric) return Comparison.TryNumber(value, out double d) && cmp.MatchNumber(d);
            return cmp.MatchText(value);
        }
    }
}
