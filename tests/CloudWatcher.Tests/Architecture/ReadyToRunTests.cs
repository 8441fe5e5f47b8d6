using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Architecture;

/// <summary>
/// The staged module's first-call assemblies are ReadyToRun images that this runtime (the .NET of pwsh 7.6) uses:
/// precompiled by the .NET 10 crossgen2 (a .NET 10 runtime ignores .NET 8 R2R code and JITs everything again), for
/// the build machine's OS and architecture. A Release build stages them (src/CloudWatcher.PowerShell/StageModule.targets).
/// </summary>
public sealed class ReadyToRunTests
{
    private const uint ReadyToRunSignature = 0x00525452; // "RTR"

    public static TheoryData<string> FirstCallAssemblies => new()
    {
        "CloudWatcher.PowerShell.dll",
        "CloudWatcher.Model.dll",
        Path.Combine("Dependencies", "CloudWatcher.Engine.dll"),
        Path.Combine("Dependencies", "AWSSDK.Core.dll"),
    };

    [SkippableTheory]
    [MemberData(nameof(FirstCallAssemblies))]
    public void TheStagedAssemblyIsReadyToRunForThisRuntime(string relativePath)
    {
#if DEBUG
        Skip.If(true, "Debug builds stage IL only; ReadyToRun is a Release build's.");
#endif
        var path = Path.Combine(TestPaths.ModuleDirectory, relativePath);
        var header = ReadyToRunVersion(path);
        Assert.True(header is not null, $"{relativePath} has no ReadyToRun header: the Release build did not crossgen it (StageModule.targets, StageReadyToRun).");
        var runtime = ReadyToRunVersion(typeof(object).Assembly.Location);
        Assert.True(runtime is not null, "This runtime's System.Private.CoreLib is expected to be ReadyToRun.");
        Assert.True(header!.Value.Major == runtime!.Value.Major,
            $"{relativePath} is ReadyToRun {header.Value.Major}.{header.Value.Minor}, this runtime's format is {runtime.Value.Major}.x: the runtime would ignore its native code.");
    }

    [SkippableFact]
    public void TheAssembliesKeepTheirIlSoOtherPlatformsStillRunThem()
    {
#if DEBUG
        Skip.If(true, "Debug builds stage IL only.");
#endif
        // R2R here is not composite and not self-contained: every method keeps its IL body beside the native code.
        using var reader = new PEReader(File.OpenRead(Path.Combine(TestPaths.ModuleDirectory, "CloudWatcher.PowerShell.dll")));
        var metadata = reader.GetMetadataReader();
        var bodies = metadata.MethodDefinitions
            .Select(h => metadata.GetMethodDefinition(h).RelativeVirtualAddress)
            .Where(rva => rva != 0)
            .Select(rva => reader.GetMethodBody(rva).GetILBytes()!.Length)
            .ToList();
        Assert.NotEmpty(bodies);
        Assert.All(bodies, length => Assert.True(length > 0));
    }

    private static (ushort Major, ushort Minor)? ReadyToRunVersion(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        var directory = reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory;
        if (directory is null || directory.Value.Size == 0)
        {
            return null;
        }
        var data = reader.GetSectionData(directory.Value.RelativeVirtualAddress).GetReader();
        if (data.ReadUInt32() != ReadyToRunSignature)
        {
            return null;
        }
        return (data.ReadUInt16(), data.ReadUInt16());
    }
}
