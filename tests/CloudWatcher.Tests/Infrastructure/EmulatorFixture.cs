using CloudWatcher.Sessions;
using CloudWatcher.Emulator;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// One in-process emulator with the demo data. Test classes take one each (IClassFixture), so classes run in
/// parallel against emulators of their own, and counts of requests (Stats) belong to one class.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string AccessKey = "AKIDCLOUDWATCHERTEST";
    public const string SecretKey = "cloudwatcher-test-secret-value-0123456789";

    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator is not running.");

    public Uri Endpoint => Server.Endpoint;

    public ConnectionSettings Settings => new()
    {
        Region = "us-east-1",
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        EndpointUrl = Endpoint,
    };

    public async Task InitializeAsync()
    {
        HermeticAwsEnvironment.Apply();
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { Seed = "demo", AccessKey = AccessKey, SecretKey = SecretKey });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>
/// Tests that change process environment variables (AWS_*, CLOUDWATCHER_PRESET_PATH) run alone, after the parallel
/// ones, so no other test reads the environment they set.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "Process environment";
}
