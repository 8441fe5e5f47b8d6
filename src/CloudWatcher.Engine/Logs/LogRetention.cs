using System.Globalization;

namespace CloudWatcher.Logs;

/// <summary>The retention periods CloudWatch Logs accepts (PutRetentionPolicy's retentionInDays), checked before anything is sent.</summary>
public static class LogRetention
{
    /// <summary>1 day to 10 years; any other number is refused by the service.</summary>
    public static IReadOnlyList<int> AllowedDays { get; } = new[]
    {
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    };

    public static bool IsAllowed(int days) => AllowedDays.Contains(days);

    /// <summary>Throws InvalidRetention (InvalidInput) naming the allowed values when <paramref name="days"/> is not one of them.</summary>
    public static void Validate(int days)
    {
        if (!IsAllowed(days))
        {
            throw new CloudWatcherException("InvalidRetention", ErrorKind.InvalidInput,
                $"{days} is not a retention CloudWatch Logs accepts. Use one of these numbers of days: {string.Join(", ", AllowedDays)}.", days)
            {
                RecommendedAction = "Pick the nearest allowed number of days (e.g. 30, 90, 365), or remove the retention so events are kept forever.",
            };
        }
    }

    /// <summary>How a period reads to a person: "1 week", "3 months", "5 years"; the days themselves when no unit fits.</summary>
    public static string Describe(int days) => days switch
    {
        1 => "1 day",
        7 => "1 week",
        14 => "2 weeks",
        30 => "1 month",
        365 => "1 year",
        400 => "about 13 months",
        545 => "about 18 months",
        _ when days >= 731 && IsAllowed(days) => $"{Math.Round(days / 365.25).ToString(CultureInfo.InvariantCulture)} years",
        _ when days >= 60 && days % 30 == 0 => $"{(days / 30).ToString(CultureInfo.InvariantCulture)} months",
        _ => days.ToString(CultureInfo.InvariantCulture) + " days",
    };
}
