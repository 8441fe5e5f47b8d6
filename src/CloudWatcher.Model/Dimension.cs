namespace CloudWatcher;

/// <summary>A CloudWatch metric dimension: a name and, when used as a filter, an optional value.</summary>
public sealed class Dimension : IEquatable<Dimension>
{
    public Dimension(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Value = value;
    }

    public string Name { get; }

    public string? Value { get; }

    /// <summary>
    /// Parses "Name:Value" (split on the first colon only, so values may contain colons) or "Name".
    /// </summary>
    public static Dimension Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("A dimension must be written as 'Name:Value' (or 'Name' to match any value); the text was empty.");
        }
        var colon = text.IndexOf(':');
        if (colon == 0)
        {
            throw new FormatException($"The dimension '{text}' has no name before the colon. Write it as 'Name:Value', for example 'InstanceId:i-0123456789abcdef0'.");
        }
        return colon < 0 ? new Dimension(text.Trim(), null) : new Dimension(text[..colon].Trim(), text[(colon + 1)..]);
    }

    public override string ToString() => Value is null ? Name : $"{Name}={Value}";

    public bool Equals(Dimension? other) => other is not null && Name == other.Name && Value == other.Value;

    public override bool Equals(object? obj) => obj is Dimension other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Name, Value);
}
