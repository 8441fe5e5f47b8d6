namespace CloudWatcher.Tests.Engine;

public sealed class DimensionTests
{
    [Theory]
    [InlineData("InstanceId:i-0123", "InstanceId", "i-0123")]
    [InlineData("path:/data:backup", "path", "/data:backup")]
    [InlineData("InstanceId:", "InstanceId", "")]
    [InlineData("InstanceId", "InstanceId", null)]
    public void ParsesOnTheFirstColonOnly(string text, string name, string? value)
    {
        var dimension = Dimension.Parse(text);
        Assert.Equal(name, dimension.Name);
        Assert.Equal(value, dimension.Value);
    }

    [Theory]
    [InlineData(":value")]
    [InlineData("")]
    [InlineData("   ")]
    public void RejectsTextWithoutAName(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Dimension.Parse(text));
        Assert.Contains("Name:Value", ex.Message);
    }
}
