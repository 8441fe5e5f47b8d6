using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>A loopback HTTP server that answers every request with a script: for what the emulator never does (a proxy's login page, silence).</summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private ScriptedHttpServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers each request with <paramref name="respond"/>(context, request number from 1).</summary>
    public static async Task<ScriptedHttpServer> StartAsync(Func<HttpContext, int, Task> respond)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedHttpServer(app);
        app.Run(context => respond(context, Interlocked.Increment(ref server._requests)));
        await app.StartAsync();
        server.Endpoint = new Uri($"http://127.0.0.1:{new Uri(app.Urls.First()).Port}/");
        return server;
    }

    /// <summary>Always answers with this status, content type and body.</summary>
    public static Task<ScriptedHttpServer> AnsweringAsync(int status, string contentType, string body) =>
        StartAsync(async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
