using System.Text;

namespace CloudWatcher.Emulator.Logs.Patterns;

internal enum TokenKind { Word, String, Op, And, Or, LParen, RParen, Comma, End }

/// <summary>One token of a JSON or space-delimited pattern. <see cref="Text"/> is unescaped for strings.</summary>
internal readonly record struct Token(TokenKind Kind, string Text);

/// <summary>
/// Tokenizer for the condition language of JSON and space-delimited patterns:
/// words (selectors, names, unquoted values), "strings" with \" and \\ escapes, comparison operators,
/// &amp;&amp;, ||, parentheses and commas.
/// </summary>
internal sealed class PatternLexer
{
    private readonly List<Token> _tokens = new();
    private int _next;

    private PatternLexer(string text) => Tokenize(text);

    public static PatternLexer Of(string text) => new(text);

    public Token Peek => _tokens[_next];

    public Token Take() => _tokens[_next < _tokens.Count - 1 ? _next++ : _next];

    public bool TryTake(TokenKind kind, out Token token)
    {
        token = Peek;
        if (token.Kind != kind) return false;
        Take();
        return true;
    }

    public Token Expect(TokenKind kind) => TryTake(kind, out var t) ? t : throw EventPattern.Invalid();

    private static bool IsWordChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('(' or ')' or '=' or '!' or '<' or '>' or ',' or '&' or '|' or '"');

    private void Tokenize(string s)
    {
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            switch (c)
            {
                case '(': Add(TokenKind.LParen, "("); i++; continue;
                case ')': Add(TokenKind.RParen, ")"); i++; continue;
                case ',': Add(TokenKind.Comma, ","); i++; continue;
                case '&' when At(s, i + 1, '&'): Add(TokenKind.And, "&&"); i += 2; continue;
                case '|' when At(s, i + 1, '|'): Add(TokenKind.Or, "||"); i += 2; continue;
                case '=': Add(TokenKind.Op, "="); i += At(s, i + 1, '=') ? 2 : 1; continue;
                case '!' when At(s, i + 1, '='): Add(TokenKind.Op, "!="); i += 2; continue;
                case '<' or '>':
                    bool eq = At(s, i + 1, '=');
                    Add(TokenKind.Op, eq ? c + "=" : c.ToString());
                    i += eq ? 2 : 1;
                    continue;
                case '"':
                    i = ReadString(s, i + 1);
                    continue;
            }
            if (!IsWordChar(c)) throw EventPattern.Invalid();
            int start = i;
            while (i < s.Length && IsWordChar(s[i])) i++;
            Add(TokenKind.Word, s[start..i]);
        }
        Add(TokenKind.End, "");
    }

    private int ReadString(string s, int i)
    {
        var sb = new StringBuilder();
        while (i < s.Length)
        {
            char c = s[i++];
            if (c == '"')
            {
                Add(TokenKind.String, sb.ToString());
                return i;
            }
            if (c == '\\' && i < s.Length && s[i] is '"' or '\\') c = s[i++];
            sb.Append(c);
        }
        throw EventPattern.Invalid();
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private void Add(TokenKind kind, string text) => _tokens.Add(new Token(kind, text));
}
