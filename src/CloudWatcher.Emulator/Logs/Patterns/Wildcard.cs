namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>A case-sensitive text match where '*' stands for any run of characters (no other metacharacters).</summary>
internal sealed class Wildcard
{
    private readonly string _text;
    private readonly string[] _pieces;
    private readonly bool _anchoredStart, _anchoredEnd;

    public Wildcard(string text)
    {
        _text = text;
        HasWildcard = text.Contains('*');
        _pieces = text.Split('*');
        _anchoredStart = !text.StartsWith('*');
        _anchoredEnd = !text.EndsWith('*');
    }

    public bool HasWildcard { get; }

    /// <summary>The longest literal piece (every match contains it).</summary>
    public string LongestPiece => _pieces.MaxBy(p => p.Length) ?? "";

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        if (!HasWildcard) return value.SequenceEqual(_text);
        int pos = 0;
        for (int i = 0; i < _pieces.Length; i++)
        {
            string piece = _pieces[i];
            bool first = i == 0, last = i == _pieces.Length - 1;
            if (first && _anchoredStart)
            {
                if (!value.StartsWith(piece, StringComparison.Ordinal)) return false;
                pos = piece.Length;
            }
            else if (last && _anchoredEnd)
            {
                return value.Length - pos >= piece.Length && value.EndsWith(piece, StringComparison.Ordinal);
            }
            else if (piece.Length > 0)
            {
                int at = value[pos..].IndexOf(piece, StringComparison.Ordinal);
                if (at < 0) return false;
                pos += at + piece.Length;
            }
        }
        return true;
    }
}
