using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs.Patterns;

/// <summary>
/// A compiled CloudWatch Logs filter pattern. <see cref="Parse"/> picks the flavour from the first character:
/// <c>{ … }</c> JSON, <c>[ … ]</c> space-delimited, anything else terms (empty = match everything).
/// Parse once per request; <see cref="IsMatch"/> does no parsing of the pattern.
/// </summary>
internal abstract class EventPattern
{
    public const int MaxLength = 1024;

    /// <summary>True for the empty pattern (callers may skip matching).</summary>
    public virtual bool MatchesAll => false;

    public abstract bool IsMatch(string message);

    public static EventPattern Parse(string? pattern)
    {
        string p = (pattern ?? "").Trim();
        if (p.Length == 0) return MatchAll.Instance;
        if (p[0] == '{')
        {
            if (p[^1] != '}') throw Error("If a filter pattern starts with '{' it must end with '}'");
            return JsonPattern.Parse(p[1..^1]);
        }
        if (p[0] == '[')
        {
            if (p[^1] != ']') throw Error("If a filter pattern starts with '[' it must end with ']'");
            return DelimitedPattern.Parse(p[1..^1]);
        }
        return TermPattern.Parse(p);
    }

    /// <summary>The error AWS answers for a pattern it cannot parse.</summary>
    internal static ServiceError Invalid() => Error("Invalid filter pattern");

    internal static ServiceError Error(string message) => new("InvalidParameterException", message);

    private sealed class MatchAll : EventPattern
    {
        public static readonly MatchAll Instance = new();
        public override bool MatchesAll => true;
        public override bool IsMatch(string message) => true;
    }
}
