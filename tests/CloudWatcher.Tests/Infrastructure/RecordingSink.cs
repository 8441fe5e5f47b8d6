using System.Collections.Concurrent;
using CloudWatcher.Diagnostics;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>An engine sink that keeps what the engine said, for assertions.</summary>
internal sealed class RecordingSink : IEngineSink
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> VerboseMessages { get; } = new();

    public ConcurrentQueue<string> DebugMessages { get; } = new();

    public ConcurrentQueue<ProgressReport> Reports { get; } = new();

    public void Debug(string message) => DebugMessages.Enqueue(message);

    public void Warning(string message) => Warnings.Enqueue(message);

    public void Verbose(string message) => VerboseMessages.Enqueue(message);

    public void Progress(ProgressReport report) => Reports.Enqueue(report);
}
