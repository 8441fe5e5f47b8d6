using System.Net;
using CloudWatcher.Emulator.Ec2;
using CloudWatcher.Emulator.Faults;
using CloudWatcher.Emulator.Logs;
using CloudWatcher.Emulator.Metrics;
using CloudWatcher.Emulator.Seed;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudWatcher.Emulator;

/// <summary>A running emulator: CloudWatch (awsQuery and JSON 1.0), CloudWatch Logs (JSON 1.1) and EC2 DescribeInstances (EC2 query) on one 127.0.0.1 port.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestRouter _router;
    private int _disposed;

    private EmulatorServer(WebApplication app, RequestRouter router, Uri endpoint, EmulatorStats stats, LogsStore logs, MetricStore metrics, Ec2Store ec2)
    {
        _app = app;
        _router = router;
        Endpoint = endpoint;
        Stats = stats;
        Logs = logs;
        Metrics = metrics;
        Ec2 = ec2;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:51234/.</summary>
    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    /// <summary>Request counts per operation.</summary>
    public EmulatorStats Stats { get; }

    /// <summary>The Logs data (for direct seeding in tests).</summary>
    public LogsStore Logs { get; }

    /// <summary>The metric data (for direct seeding in tests).</summary>
    public MetricStore Metrics { get; }

    /// <summary>The EC2 instances DescribeInstances reports (for direct seeding in tests).</summary>
    public Ec2Store Ec2 { get; }

    /// <summary>Test mode: the active fault plan (initially <see cref="EmulatorOptions.Faults"/>); setting it restarts its counters, null turns faults off.</summary>
    public FaultPlan? Faults
    {
        get => _router.Faults;
        set => _router.Faults = value;
    }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), "Port must be 0..65535.");
        if (options.Seed is not null && !string.Equals(options.Seed, "demo", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"Unknown seed '{options.Seed}' (expected 'demo' or null).", nameof(options));

        var clock = options.CreateClock();
        var logs = new LogsStore(options.Region, clock);
        var metrics = new MetricStore(clock);
        var ec2 = new Ec2Store(options.Region);
        if (options.Seed is not null) DemoSeed.Apply(logs, metrics, ec2, clock());
        var stats = new EmulatorStats();
        var router = new RequestRouter(logs, metrics, ec2, options, stats);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Logging.ClearProviders();
        if (!options.Quiet)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        var app = builder.Build();
        app.Run(router.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
        var bound = new Uri(address);
        var endpoint = new Uri($"http://127.0.0.1:{bound.Port}/");
        return new EmulatorServer(app, router, endpoint, stats, logs, metrics, ec2);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(cts.Token).ConfigureAwait(false); }
        finally { await _app.DisposeAsync().ConfigureAwait(false); }
    }
}
