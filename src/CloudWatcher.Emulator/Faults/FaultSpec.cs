using System.Globalization;

namespace CloudWatcher.Emulator.Faults;

/// <summary>
/// The <c>--faults</c> text syntax:
/// <code>
/// spec  = rule *(";" rule)
/// rule  = [operation | "*"] ":" kind "@" when      (operation omitted = "*": all operations)
/// kind  = throttle | unavailable | internal | drop
/// when  = n|a-b *("," n|a-b)                       (1-based request numbers, counted per rule)
///       | "every=" k                               (every k-th request)
///       | "rate=" p ["," "seed=" s]                (random, probability p, seeded)
/// </code>
/// </summary>
internal static class FaultSpec
{
    public const string Help = """
  --faults <spec>       test mode: inject faults, rules separated by ';':
                          [<Operation>|*:]<kind>@<when>
                          kind: throttle (400 ThrottlingException / Throttling), unavailable (503),
                                internal (500 InternalFailure), drop (part of a 200 body, then the
                                connection is aborted)
                          when: 1,3,5-7 (those requests, counted per rule) | every=<k> | rate=<p>[,seed=<s>]
                        e.g. --faults 'GetLogEvents:throttle@1;FilterLogEvents:drop@every=3;*:unavailable@rate=0.05,seed=42'
                        Faulted requests are not executed (no data or token changes).
""";

    public static FaultPlan Parse(string spec)
    {
        var plan = new FaultPlan();
        foreach (var raw in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            plan.Add(ParseRule(raw));
        if (plan.Rules.Count == 0) throw new FormatException("Empty fault spec.");
        return plan;
    }

    public static string KindName(FaultKind kind) => kind.ToString().ToLowerInvariant();

    private static FaultRule ParseRule(string raw)
    {
        int at = raw.IndexOf('@');
        if (at < 0) throw Bad(raw, "missing '@<when>'");
        string head = raw[..at].Trim(), when = raw[(at + 1)..].Trim();
        int colon = head.LastIndexOf(':');
        string? op = colon < 0 ? null : head[..colon].Trim();
        string kindText = colon < 0 ? head : head[(colon + 1)..].Trim();
        if (op is "*" or "") op = null;
        var kind = kindText.ToLowerInvariant() switch
        {
            "throttle" or "throttling" => FaultKind.Throttle,
            "unavailable" or "503" => FaultKind.Unavailable,
            "internal" or "500" => FaultKind.Internal,
            "drop" or "reset" => FaultKind.Drop,
            _ => throw Bad(raw, $"unknown kind '{kindText}' (throttle, unavailable, internal, drop)"),
        };

        var numbers = new List<long>();
        int every = 0, seed = 0;
        double rate = 0;
        foreach (var part in when.Split(',', StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq > 0)
            {
                string key = part[..eq].Trim().ToLowerInvariant(), value = part[(eq + 1)..].Trim();
                bool ok = key switch
                {
                    "every" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out every) && every > 0,
                    "rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate is > 0 and <= 1,
                    "seed" => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed),
                    _ => false,
                };
                if (!ok) throw Bad(raw, $"invalid '{part}'");
                continue;
            }
            int dash = part.IndexOf('-');
            if (dash > 0
                && long.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out long a)
                && long.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long b)
                && a >= 1 && b >= a && b - a < 100_000)
            {
                for (long n = a; n <= b; n++) numbers.Add(n);
            }
            else if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n >= 1)
            {
                numbers.Add(n);
            }
            else
            {
                throw Bad(raw, $"invalid '{part}'");
            }
        }
        var rule = new FaultRule { Operation = op, Kind = kind, RequestNumbers = numbers, Every = every, Rate = rate, Seed = seed };
        try { rule.Validate(); }
        catch (ArgumentException e) { throw Bad(raw, e.Message); }
        return rule;
    }

    private static FormatException Bad(string rule, string why) => new($"Invalid fault rule '{rule}': {why}.");
}
