using CloudWatcher.Diagnostics;
using CloudWatcher.Logs;
using CloudWatcher.Sessions;

namespace CloudWatcher.Aws;

/// <summary>
/// The code of a first Get-CwLog of one stream, run once against an answer held in memory
/// (<see cref="InMemoryHttpClientFactory"/>): connect (explicit keys and region, so no credential chain, profile or
/// instance metadata is asked), plan, GetLogEvents through AWSSDK.Core's pipeline (signing, retry, HttpClient), parse.
/// What it leaves behind is code the JIT has compiled and types the runtime has loaded; no state of its own, and the
/// SDK's process-wide settings it made the SDK read are marked to be read again
/// (<see cref="AwsSessionFactory.MarkSdkSettingsStale"/>).
/// </summary>
internal static class AwsWarmUp
{
    // ".invalid" never resolves (RFC 2606): even a path that bypassed the in-memory connections could not reach anything.
    private static readonly Uri Endpoint = new("http://warm-up.cloudwatcher.invalid/");

    // Shorter than 12 characters, so the redactor does not take it for a secret to mask.
    private const string Key = "warm-up";

    private static readonly string[] Names = { "warm-up" };

    private const string Answer =
        "{\"events\":[{\"timestamp\":1700000000000,\"message\":\"warm-up\",\"ingestionTime\":1700000000000}]," +
        "\"nextForwardToken\":\"f/warm-up\",\"nextBackwardToken\":\"b/warm-up\"}";

    /// <summary>Reads the canned stream; returns the number of events read and of connections opened (in memory).</summary>
    public static async Task<(long Events, int Connections)> RunAsync(CancellationToken cancellationToken)
    {
        AwsSessionFactory.MarkSdkSettingsStale();
        var http = new InMemoryHttpClientFactory("application/x-amz-json-1.1", Answer);
        var settings = new ConnectionSettings
        {
            Region = "us-east-1",
            AccessKey = Key,
            SecretKey = Key,
            EndpointUrl = Endpoint,
            Timeout = TimeSpan.FromSeconds(10),
            CloudWatchProtocol = CloudWatchProtocol.Json,
        };
        using var session = AwsSessionFactory.Connect(settings, http);
        var queries = await new LogQueryPlanner(session.LogCatalog, NullSink.Instance)
            .PlanAsync(new LogSelection(Names) { LogStreamNames = Names }, cancellationToken).ConfigureAwait(false);
        var reader = new LogReader(session.LogRead, NullSink.Instance);
        var events = 0L;
        await foreach (var logEvent in reader.ReadAsync(queries, new LogReaderOptions { Limit = 1 }, null, cancellationToken).ConfigureAwait(false))
        {
            _ = LogLineFormatter.Format(logEvent);
            reader.CommitTaken();
            events++;
        }
        return (events, http.Connections);
    }
}
