namespace CloudWatcher.Plotting;

/// <summary>The image formats <see cref="MetricPlotter"/> writes.</summary>
public enum PlotFormat
{
    Png,
    Svg,
}
