using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Wire;

/// <summary>Region, credentials and endpoint resolution, and that nothing is sent when they are missing.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ConnectionTests
{
    private readonly EmulatorFixture _emulator;

    public ConnectionTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void NoRegionIsAConfigurationErrorThatSaysWhatToSet()
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() =>
            new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { AccessKey = "AKID", SecretKey = "s", EndpointUrl = _emulator.Endpoint }));
        Assert.Equal("RegionNotSet", ex.ErrorId);
        Assert.Contains("-Region", ex.Message);
        Assert.Contains("AWS_REGION", ex.Message);
    }

    [Fact]
    public void NoCredentialsIsAConfigurationError()
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() =>
            new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { Region = "us-east-1", EndpointUrl = _emulator.Endpoint }));
        Assert.Equal("CredentialsNotFound", ex.ErrorId);
        Assert.Contains("AWS_ACCESS_KEY_ID", ex.Message);
    }

    [Fact]
    public void HalfACredentialPairIsRefused()
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() =>
            new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { Region = "us-east-1", AccessKey = "AKID" }));
        Assert.Equal("IncompleteCredentials", ex.ErrorId);
    }

    [Fact]
    public void AnUnknownProfileIsNamed()
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() =>
            new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { Region = "us-east-1", ProfileName = "nope" }));
        Assert.Equal("ProfileNotFound", ex.ErrorId);
        Assert.Contains("'nope'", ex.Message);
    }

    [Fact]
    public async Task ProfileFromTheSharedFilesGivesCredentialsAndRegion()
    {
        File.WriteAllText(Path.Combine(HermeticAwsEnvironment.ConfigDirectory, "credentials"),
            $"[emu]\naws_access_key_id = {EmulatorFixture.AccessKey}\naws_secret_access_key = {EmulatorFixture.SecretKey}\n");
        File.WriteAllText(Path.Combine(HermeticAwsEnvironment.ConfigDirectory, "config"), "[profile emu]\nregion = eu-west-1\n");
        try
        {
            using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { ProfileName = "emu", EndpointUrl = _emulator.Endpoint });
            Assert.Equal("eu-west-1", session.Region);
            Assert.Equal("profile 'emu'", session.CredentialSource);
            var result = await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "NepheleNamespaceEC2" }, CancellationToken.None);
            Assert.NotEmpty(result.Metrics);
        }
        finally
        {
            File.WriteAllText(Path.Combine(HermeticAwsEnvironment.ConfigDirectory, "credentials"), "");
            File.WriteAllText(Path.Combine(HermeticAwsEnvironment.ConfigDirectory, "config"), "");
        }
    }

    [Fact]
    public async Task EnvironmentVariablesGiveCredentialsRegionAndServiceSpecificEndpoints()
    {
        using var env = HermeticAwsEnvironment.With(
            ("AWS_ACCESS_KEY_ID", EmulatorFixture.AccessKey),
            ("AWS_SECRET_ACCESS_KEY", EmulatorFixture.SecretKey),
            ("AWS_REGION", "us-west-2"),
            ("AWS_ENDPOINT_URL_CLOUDWATCH", _emulator.Endpoint.ToString()),
            ("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", _emulator.Endpoint.ToString()));
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings());
        Assert.Equal("us-west-2", session.Region);
        var before = _emulator.Server.Stats.Count("ListMetrics");
        await session.MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = "NepheleNamespaceEC2" }, CancellationToken.None);
        await session.LogCatalog.DescribeLogGroupsAsync(new DescribeLogGroupsRequest(), CancellationToken.None);
        Assert.Equal(before + 1, _emulator.Server.Stats.Count("ListMetrics"));
    }

    [Fact]
    public void TheGlobalEndpointVariableIsHonoured()
    {
        using var env = HermeticAwsEnvironment.With(("AWS_ENDPOINT_URL", _emulator.Endpoint.ToString()));
        using var session = new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { Region = "us-east-1", AccessKey = "AKID", SecretKey = "s" });
        Assert.StartsWith(_emulator.Endpoint.ToString().TrimEnd('/'), session.Endpoint);
    }

    [Fact]
    public void SettingsNeverPrintSecrets()
    {
        var settings = new ConnectionSettings { AccessKey = "AKIAABCDEFGHIJKL1234", SecretKey = "very-secret", SessionToken = "token-secret" };
        var text = settings.ToString();
        Assert.DoesNotContain("very-secret", text);
        Assert.DoesNotContain("token-secret", text);
        Assert.DoesNotContain("AKIAABCDEFGHIJKL", text);
        Assert.Contains("1234", text);
    }

    [Fact]
    public void BadEndpointUrlIsRefused()
    {
        var ex = Assert.Throws<CloudWatcherConfigurationException>(() =>
            new CloudWatcher.Aws.AwsSessionFactory().Connect(new ConnectionSettings { Region = "us-east-1", AccessKey = "a", SecretKey = "b", EndpointUrl = new Uri("ftp://example") }));
        Assert.Equal("InvalidEndpointUrl", ex.ErrorId);
    }
}
