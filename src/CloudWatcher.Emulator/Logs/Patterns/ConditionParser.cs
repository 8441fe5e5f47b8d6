namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>A compiled boolean condition over some per-event context (a JSON document, a field value).</summary>
internal abstract class Condition<T>
{
    public abstract bool Eval(in T ctx);

    /// <summary>Literal texts every matching message must contain (used as a cheap pre-check).</summary>
    public virtual IEnumerable<string> RequiredTexts => [];

    public sealed class And(Condition<T> left, Condition<T> right) : Condition<T>
    {
        public override bool Eval(in T ctx) => left.Eval(ctx) && right.Eval(ctx);
        public override IEnumerable<string> RequiredTexts => left.RequiredTexts.Concat(right.RequiredTexts);
    }

    public sealed class Or(Condition<T> left, Condition<T> right) : Condition<T>
    {
        public override bool Eval(in T ctx) => left.Eval(ctx) || right.Eval(ctx);
    }
}

/// <summary>
/// Recursive-descent parser for <c>a &amp;&amp; (b || c)</c> conditions; &amp;&amp; binds tighter than ||.
/// Leaves are parsed by the caller.
/// </summary>
internal static class ConditionParser
{
    public static Condition<T> Parse<T>(PatternLexer lx, Func<PatternLexer, Condition<T>> leaf)
    {
        var left = ParseAnd(lx, leaf);
        while (lx.TryTake(TokenKind.Or, out _)) left = new Condition<T>.Or(left, ParseAnd(lx, leaf));
        return left;
    }

    private static Condition<T> ParseAnd<T>(PatternLexer lx, Func<PatternLexer, Condition<T>> leaf)
    {
        var left = ParseUnary(lx, leaf);
        while (lx.TryTake(TokenKind.And, out _)) left = new Condition<T>.And(left, ParseUnary(lx, leaf));
        return left;
    }

    private static Condition<T> ParseUnary<T>(PatternLexer lx, Func<PatternLexer, Condition<T>> leaf)
    {
        if (!lx.TryTake(TokenKind.LParen, out _)) return leaf(lx);
        var inner = Parse(lx, leaf);
        lx.Expect(TokenKind.RParen);
        return inner;
    }
}
