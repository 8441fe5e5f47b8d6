namespace CloudWatcher.Plotting;

/// <summary>What <see cref="MetricPlotter.Render"/> drew, and what it had to leave out (as warnings for the caller to show).</summary>
public sealed class PlotResult
{
    internal PlotResult(IReadOnlyList<string> warnings, IReadOnlyList<PlottedSeries> series, PlotArea dataArea)
    {
        Warnings = warnings;
        Series = series;
        DataArea = dataArea;
    }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The series drawn, in drawing order, with their colours and axes.</summary>
    public IReadOnlyList<PlottedSeries> Series { get; }

    public int SeriesPlotted => Series.Count;

    public int PointsPlotted => Series.Sum(s => s.Points);

    /// <summary>The data area of the image in pixels (inside the axes), for tests that inspect the picture.</summary>
    internal PlotArea DataArea { get; }
}

/// <summary>One drawn line: its legend label, colour ("#RRGGBB"), y axis ("Left" or "Right") and axis unit label.</summary>
public sealed record PlottedSeries(string Label, string Color, string Axis, string UnitLabel, int Points);

internal readonly record struct PlotArea(int Left, int Top, int Width, int Height);
