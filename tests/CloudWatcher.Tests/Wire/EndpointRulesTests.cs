using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using CloudWatcher.Aws.Runtime;

namespace CloudWatcher.Tests.Wire;

/// <summary>The ported rule sets give the same endpoints as the official ones (cases from the rule-set tests).</summary>
public sealed class EndpointRulesTests
{
    [Theory]
    [InlineData("us-east-1", false, false, "https://logs.us-east-1.amazonaws.com")]
    [InlineData("us-east-1", true, false, "https://logs-fips.us-east-1.amazonaws.com")]
    [InlineData("us-east-1", false, true, "https://logs.us-east-1.api.aws")]
    [InlineData("us-east-1", true, true, "https://logs-fips.us-east-1.api.aws")]
    [InlineData("cn-north-1", false, false, "https://logs.cn-north-1.amazonaws.com.cn")]
    [InlineData("us-gov-west-1", true, false, "https://logs.us-gov-west-1.amazonaws.com")]
    [InlineData("us-gov-east-1", false, false, "https://logs.us-gov-east-1.amazonaws.com")]
    [InlineData("eu-west-1", false, false, "https://logs.eu-west-1.amazonaws.com")]
    public void Logs(string region, bool fips, bool dualStack, string expected) =>
        Assert.Equal(expected, EndpointRules.ResolveLogs(Parameters(region, fips, dualStack)).URL);

    [Theory]
    [InlineData("us-east-1", false, false, "https://monitoring.us-east-1.amazonaws.com")]
    [InlineData("us-east-1", true, false, "https://monitoring-fips.us-east-1.amazonaws.com")]
    [InlineData("us-east-1", false, true, "https://monitoring.us-east-1.api.aws")]
    [InlineData("us-east-1", true, true, "https://monitoring-fips.us-east-1.api.aws")]
    [InlineData("cn-northwest-1", false, false, "https://monitoring.cn-northwest-1.amazonaws.com.cn")]
    [InlineData("us-gov-west-1", true, false, "https://monitoring.us-gov-west-1.amazonaws.com")]
    [InlineData("us-gov-east-1", true, true, "https://monitoring.us-gov-east-1.api.aws")]
    public void Monitoring(string region, bool fips, bool dualStack, string expected) =>
        Assert.Equal(expected, EndpointRules.ResolveMonitoring(Parameters(region, fips, dualStack)).URL);

    [Fact]
    public void CustomEndpointWinsAndRefusesFips()
    {
        var parameters = Parameters("us-east-1", false, false);
        parameters["Endpoint"] = "http://127.0.0.1:4566";
        Assert.Equal("http://127.0.0.1:4566", EndpointRules.ResolveLogs(parameters).URL);

        parameters["UseFIPS"] = true;
        var ex = Assert.Throws<AmazonClientException>(() => EndpointRules.ResolveMonitoring(parameters));
        Assert.Contains("FIPS and custom endpoint", ex.Message);
    }

    [Fact]
    public void MissingRegionIsAnError()
    {
        var parameters = Parameters(null, false, false);
        Assert.Contains("Missing Region", Assert.Throws<AmazonClientException>(() => EndpointRules.ResolveLogs(parameters)).Message);
    }

    private static EndpointParameters Parameters(string? region, bool fips, bool dualStack)
    {
        var p = new EndpointParameters();
        p["Region"] = region;
        p["UseFIPS"] = fips;
        p["UseDualStack"] = dualStack;
        p["Endpoint"] = null;
        return p;
    }
}
