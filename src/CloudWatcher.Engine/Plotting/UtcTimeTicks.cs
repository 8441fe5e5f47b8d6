using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace CloudWatcher.Plotting;

/// <summary>
/// ScottPlot's automatic date ticks with unambiguous labels: "2024-03-04" on midnight ticks, "14:30" between, and the
/// date under the time on the first tick and wherever a new day starts, so a short range still says which day it is.
/// (ScottPlot's own labels follow the current culture: "03/04/2024" reads as two different days around the world.)
/// </summary>
internal sealed class UtcTimeTicks : IDateTimeTickGenerator
{
    private readonly DateTimeAutomatic _inner = new() { LabelFormatter = ShortLabel };

    public Tick[] Ticks { get; set; } = Array.Empty<Tick>();

    public int MaxTickCount
    {
        get => _inner.MaxTickCount;
        set => _inner.MaxTickCount = value;
    }

    public IEnumerable<double> ConvertToCoordinateSpace(IEnumerable<DateTime> dates) => _inner.ConvertToCoordinateSpace(dates);

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        _inner.Regenerate(range, edge, size, paint, labelStyle);
        Ticks = Relabel(_inner.Ticks);
    }

    internal static Tick[] Relabel(Tick[] ticks)
    {
        var majors = ticks.Where(t => t.IsMajor).Select(t => FromPosition(t.Position)).ToList();
        var allMidnight = majors.All(IsMidnight);
        var withSeconds = majors.Any(t => t.Second != 0);
        var result = new Tick[ticks.Length];
        DateTime? previous = null;
        for (var i = 0; i < ticks.Length; i++)
        {
            var tick = ticks[i];
            if (!tick.IsMajor)
            {
                result[i] = tick;
                continue;
            }
            var time = FromPosition(tick.Position);
            string label;
            if (allMidnight)
            {
                label = Date(time);
            }
            else
            {
                label = time.ToString(withSeconds ? "HH:mm:ss" : "HH:mm", CultureInfo.InvariantCulture);
                if (previous is null || previous.Value.Date != time.Date)
                {
                    label += "\n" + Date(time);
                }
            }
            previous = time;
            result[i] = new Tick(tick.Position, label, isMajor: true);
        }
        return result;
    }

    // What ScottPlot measures to space the ticks: as wide as the widest line of the final label.
    private static string ShortLabel(DateTime time) =>
        IsMidnight(Round(time)) ? Date(Round(time)) : Round(time).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Date(DateTime time) => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // OADate round trips land within a microsecond of the tick, not on it.
    private static DateTime FromPosition(double position) => Round(DateTime.FromOADate(position));

    private static DateTime Round(DateTime time) =>
        new((time.Ticks + TimeSpan.TicksPerMillisecond / 2) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, time.Kind);

    private static bool IsMidnight(DateTime time) => time.TimeOfDay == TimeSpan.Zero;
}
