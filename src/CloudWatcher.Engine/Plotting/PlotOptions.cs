namespace CloudWatcher.Plotting;

/// <summary>How a plot looks: its title (null for the default) and its size in pixels.</summary>
public sealed record PlotOptions
{
    public const int MinimumSize = 100;
    public const int MaximumSize = 10000;

    /// <summary>Overrides the default title ("&lt;label&gt; over time" or "&lt;n&gt; metrics over time").</summary>
    public string? Title { get; init; }

    public int Width { get; init; } = 1200;

    public int Height { get; init; } = 600;

    internal void Validate()
    {
        if (Width is < MinimumSize or > MaximumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width,
                $"The plot width must be between {MinimumSize} and {MaximumSize} pixels; {Width} is not.");
        }
        if (Height is < MinimumSize or > MaximumSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Height), Height,
                $"The plot height must be between {MinimumSize} and {MaximumSize} pixels; {Height} is not.");
        }
    }
}
