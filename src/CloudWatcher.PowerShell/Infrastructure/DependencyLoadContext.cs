using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// The module's own load context: the engine and everything it depends on (AWSSDK.*, ScottPlot,
/// SkiaSharp, HarfBuzzSharp) load from Dependencies/, so another module's AWSSDK.Core in the
/// default context cannot clash with ours. Framework assemblies fall through to the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly string _directory;
    private readonly string _nativeDirectory;

    public DependencyLoadContext(string directory)
        : base("CloudWatcher", isCollectible: false)
    {
        _directory = directory;
        _nativeDirectory = Path.Combine(directory, "native", CurrentRid());
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var candidate in NativeFileNames(unmanagedDllName))
        {
            var path = Path.Combine(_nativeDirectory, candidate);
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }
        return IntPtr.Zero;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "lib" + name + ".dylib";
            yield return name + ".dylib";
        }
        else
        {
            yield return "lib" + name + ".so";
            yield return name + ".so";
        }
    }

    private static string CurrentRid()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            _ => "x64",
        };
        return $"{os}-{arch}";
    }
}
