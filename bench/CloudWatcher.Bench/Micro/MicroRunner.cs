using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CloudWatcher.Bench.Infrastructure;

namespace CloudWatcher.Bench.Micro;

/// <summary>--micro: BenchmarkDotNet for the parse and format hot paths, in-process (no generated child project).</summary>
internal static class MicroRunner
{
    public static int Run()
    {
        var artifacts = Path.Combine(BenchPaths.WorkDirectory, "micro");
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddExporter(BenchmarkDotNet.Exporters.MarkdownExporter.GitHub)
            .WithArtifactsPath(artifacts)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<ParseBenchmarks>(config);
        Console.WriteLine($"BenchmarkDotNet reports: {Path.Combine(artifacts, "results")}");
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
