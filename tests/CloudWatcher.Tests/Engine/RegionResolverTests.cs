using CloudWatcher.Aws;
using CloudWatcher.Sessions;

namespace CloudWatcher.Tests.Engine;

/// <summary>Region names are checked by hand (no Regex on the first call): the same rule as ^[a-z0-9-]{1,63}$.</summary>
public sealed class RegionResolverTests
{
    [Theory]
    [InlineData("us-east-1")]
    [InlineData("eu-west-1")]
    [InlineData("a")]
    public void ARegionNameIsTaken(string name)
    {
        Assert.Equal(name, RegionResolver.Resolve(new ConnectionSettings { Region = name }, profile: null).SystemName);
    }

    [Theory]
    [InlineData("US-EAST-1")]
    [InlineData("us_east_1")]
    [InlineData("us-east-1\n")]
    [InlineData("eu west 1")]
    public void ANameThatIsNoRegionIsRefusedWithWhatToDo(string name)
    {
        var error = Assert.Throws<CloudWatcherConfigurationException>(() => RegionResolver.Resolve(new ConnectionSettings { Region = name }, profile: null));
        Assert.Equal("InvalidRegion", error.ErrorId);
        Assert.Contains("us-east-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANameLongerThan63CharactersIsRefused()
    {
        Assert.Equal("InvalidRegion", Assert.Throws<CloudWatcherConfigurationException>(
            () => RegionResolver.Resolve(new ConnectionSettings { Region = new string('a', 64) }, profile: null)).ErrorId);
        Assert.Equal(new string('a', 63), RegionResolver.Resolve(new ConnectionSettings { Region = new string('a', 63) }, profile: null).SystemName);
    }
}
