using System.Globalization;

namespace CloudWatcher.Emulator.Logs.Patterns;

internal enum CompareOp { Eq, Ne, Lt, Le, Gt, Ge }

/// <summary>
/// The right-hand side of <c>selector OP value</c>: a number (unquoted numeric literal) or a text with '*' wildcards
/// (quoted, or an unquoted word). Numeric operators (&lt; &lt;= &gt; &gt;=) need a number.
/// </summary>
internal sealed class Comparison
{
    private readonly double _number;
    private readonly Wildcard? _text;

    private Comparison(CompareOp op, double number, Wildcard? text)
    {
        Op = op;
        _number = number;
        _text = text;
    }

    public CompareOp Op { get; }
    public bool IsNumeric => _text is null;

    /// <summary>Literal text a message must contain when this comparison is an equality (null when unknown).</summary>
    public string? RequiredText =>
        Op == CompareOp.Eq && _text is not null && _text.LongestPiece is { Length: >= 3 } p && p.All(IsPlain) ? p : null;

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '-' or '.' or ':' or '@';

    /// <summary>Parses "OP value" from the lexer.</summary>
    public static Comparison Parse(PatternLexer lx)
    {
        var opTok = lx.Expect(TokenKind.Op);
        var op = opTok.Text switch
        {
            "=" => CompareOp.Eq,
            "!=" => CompareOp.Ne,
            "<" => CompareOp.Lt,
            "<=" => CompareOp.Le,
            ">" => CompareOp.Gt,
            ">=" => CompareOp.Ge,
            _ => throw EventPattern.Invalid(),
        };
        var v = lx.Take();
        if (v.Kind == TokenKind.Word && TryNumber(v.Text, out double n)) return new Comparison(op, n, null);
        if (v.Kind is not (TokenKind.Word or TokenKind.String)) throw EventPattern.Invalid();
        if (op is not (CompareOp.Eq or CompareOp.Ne)) throw EventPattern.Invalid();
        return new Comparison(op, 0, new Wildcard(v.Text));
    }

    public static bool TryNumber(ReadOnlySpan<char> s, out double n) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out n) && double.IsFinite(n);

    public bool MatchNumber(double value) => Op switch
    {
        CompareOp.Eq => value == _number,
        CompareOp.Ne => value != _number,
        CompareOp.Lt => value < _number,
        CompareOp.Le => value <= _number,
        CompareOp.Gt => value > _number,
        _ => value >= _number,
    };

    public bool MatchText(ReadOnlySpan<char> value)
    {
        if (_text is null) return false;
        bool eq = _text.IsMatch(value);
        return Op == CompareOp.Eq ? eq : !eq;
    }
}
