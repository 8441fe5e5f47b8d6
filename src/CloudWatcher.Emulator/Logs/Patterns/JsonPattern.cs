using System.Text.Json;

namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>
/// <c>{ $.level = "ERROR" &amp;&amp; ($.status != 200 || $.items[0].id &gt;= 3) }</c>: comparisons (= != with '*' wildcards
/// for text, &lt; &lt;= &gt; &gt;= = != for numbers), IS NULL, IS TRUE, IS FALSE, NOT EXISTS. Only events whose message
/// is a JSON object can match.
/// </summary>
internal sealed class JsonPattern : EventPattern
{
    private readonly Condition<JsonElement> _condition;
    private readonly string[] _required;

    private JsonPattern(Condition<JsonElement> condition)
    {
        _condition = condition;
        _required = condition.RequiredTexts.Distinct(StringComparer.Ordinal).ToArray();
    }

    public static new JsonPattern Parse(string body)
    {
        var lx = PatternLexer.Of(body);
        var condition = ConditionParser.Parse(lx, ParseLeaf);
        lx.Expect(TokenKind.End);
        return new JsonPattern(condition);
    }

    private static Condition<JsonElement> ParseLeaf(PatternLexer lx)
    {
        var sel = lx.Expect(TokenKind.Word);
        var selector = JsonSelector.Parse(sel.Text);
        if (lx.Peek.Kind == TokenKind.Op) return new Compare(selector, Comparison.Parse(lx));
        string keyword = lx.Expect(TokenKind.Word).Text.ToUpperInvariant();
        string arg = lx.Expect(TokenKind.Word).Text.ToUpperInvariant();
        return (keyword, arg) switch
        {
            ("IS", "NULL") => new Is(selector, JsonValueKind.Null),
            ("IS", "TRUE") => new Is(selector, JsonValueKind.True),
            ("IS", "FALSE") => new Is(selector, JsonValueKind.False),
            ("NOT", "EXISTS") => new NotExists(selector),
            _ => throw Invalid(),
        };
    }

    public override bool IsMatch(string message)
    {
        var span = message.AsSpan().TrimStart();
        if (span.IsEmpty || span[0] != '{') return false;
        foreach (var r in _required)
            if (!message.Contains(r, StringComparison.Ordinal)) return false;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(message); }
        catch (JsonException) { return false; }
        using (doc)
            return doc.RootElement.ValueKind == JsonValueKind.Object && _condition.Eval(doc.RootElement);
    }

    private sealed class Compare(JsonSelector selector, Comparison cmp) : Condition<JsonElement>
    {
        public override IEnumerable<string> RequiredTexts => cmp.RequiredText is { } t ? [t] : [];

        public override bool Eval(in JsonElement root)
        {
            if (!selector.TryResolve(root, out var v)) return false;
            switch (v.ValueKind)
            {
                case JsonValueKind.Number:
                    if (cmp.IsNumeric) return v.TryGetDouble(out double d) && cmp.MatchNumber(d);
                    return cmp.MatchText(v.GetRawText());
                case JsonValueKind.String:
                    return !cmp.IsNumeric && cmp.MatchText(v.GetString());
                case JsonValueKind.True or JsonValueKind.False:
                    return !cmp.IsNumeric && cmp.MatchText(v.ValueKind == JsonValueKind.True ? "true" : "false");
                default:
                    return false;
            }
        }
    }

    private sealed class Is(JsonSelector selector, JsonValueKind kind) : Condition<JsonElement>
    {
        public override bool Eval(in JsonElement root) => selector.TryResolve(root, out var v) && v.ValueKind == kind;
    }

    private sealed class NotExists(JsonSelector selector) : Condition<JsonElement>
    {
        public override bool Eval(in JsonElement root) => !selector.TryResolve(root, out _);
    }
}
