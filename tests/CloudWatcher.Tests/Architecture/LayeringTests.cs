using System.Management.Automation;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Architecture;

/// <summary>
/// The rules of docs/ARCHITECTURE.md, checked on the built assemblies (as the module stages them) and the sources:
/// arrows one way, Amazon types only in the wire layer, no PowerShell in the engine, thin sealed cmdlets.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string Staged = TestPaths.ModuleDirectory;
    private static readonly string ModelDll = Path.Combine(Staged, "CloudWatcher.Model.dll");
    private static readonly string EngineDll = Path.Combine(Staged, "Dependencies", "CloudWatcher.Engine.dll");
    private static readonly string CmdletDll = Path.Combine(Staged, "CloudWatcher.PowerShell.dll");
    private static readonly string EngineSources = Path.Combine(TestPaths.RepoRoot, "src", "CloudWatcher.Engine");
    private static readonly string CmdletSources = Path.Combine(TestPaths.RepoRoot, "src", "CloudWatcher.PowerShell");

    [Fact]
    public void TheModelReferencesNothingButDotNet()
    {
        var references = AssemblyReferences(ModelDll);
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(r is "netstandard" or "mscorlib" || r.StartsWith("System", StringComparison.Ordinal), $"CloudWatcher.Model references {r}"));
    }

    [Fact]
    public void TheEngineDoesNotUsePowerShell()
    {
        var references = AssemblyReferences(EngineDll);
        Assert.Contains("CloudWatcher.Model", references);
        Assert.DoesNotContain(references, r => r.StartsWith("System.Management.Automation", StringComparison.Ordinal));
        Assert.DoesNotContain(TypeReferenceNamespaces(EngineDll), n => n.StartsWith("System.Management.Automation", StringComparison.Ordinal));
    }

    [Fact]
    public void AmazonTypesAreUsedOnlyInTheWireLayer()
    {
        var offenders = SourceFiles(EngineSources)
            .Where(f => !f.Relative.StartsWith("Aws" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(f.Text, @"\bAmazon\.|using Amazon\b"))
            .Select(f => f.Relative)
            .ToList();
        Assert.Empty(offenders);

        // And no engine type outside CloudWatcher.Aws shows one in its signatures.
        var engine = typeof(CloudWatcher.Sessions.EngineServices).Assembly;
        var leaks = engine.GetTypes()
            .Where(t => t.Namespace is { } ns && !ns.StartsWith("CloudWatcher.Aws", StringComparison.Ordinal))
            .SelectMany(t => SignatureTypes(t).Where(IsAmazon).Select(x => $"{t.FullName} uses {x.FullName}"))
            .ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public void CmdletsNeverBuildWireRequestsOrTouchTheSdk()
    {
        // A cmdlet may hand a session's port to an engine service, but never builds a request or reads a result.
        var references = TypeReferences(CmdletDll);
        Assert.Empty(references.Where(r => r.Namespace == "CloudWatcher.Ports" && !Regex.IsMatch(r.Name, "^I[A-Z][A-Za-z]*Api$")));
        Assert.Empty(references.Where(r => r.Namespace.StartsWith("CloudWatcher.Aws", StringComparison.Ordinal) || r.Namespace.StartsWith("Amazon", StringComparison.Ordinal)));
        Assert.DoesNotContain(AssemblyReferences(CmdletDll), r => r.StartsWith("AWSSDK", StringComparison.Ordinal));
    }

    [Fact]
    public void NoNamespaceIsSplitAcrossAssemblies()
    {
        var byAssembly = new[] { ModelDll, EngineDll, CmdletDll }.ToDictionary(p => Path.GetFileNameWithoutExtension(p), TypeDefinitionNamespaces);
        foreach (var (a, aNamespaces) in byAssembly)
        {
            foreach (var (b, bNamespaces) in byAssembly.Where(x => string.CompareOrdinal(x.Key, a) > 0))
            {
                var shared = aNamespaces.Intersect(bNamespaces).ToList();
                Assert.True(shared.Count == 0, $"{a} and {b} both define types in: {string.Join(", ", shared)}");
            }
        }
    }

    [Fact]
    public void EveryCmdletIsSealedDerivesFromTheBaseAndHasAFileOfItsOwn()
    {
        using var ps = new HostedPowerShell(null);
        var module = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single();
        var cmdlets = module.ImplementingAssembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null).ToList();
        Assert.NotEmpty(cmdlets);
        var baseType = module.ImplementingAssembly.GetType("CloudWatcher.PowerShell.Infrastructure.CmdletBase", throwOnError: true)!;
        var commandFiles = SourceFiles(Path.Combine(CmdletSources, "Commands")).ToList();
        foreach (var type in cmdlets)
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed");
            Assert.True(type.IsSubclassOf(baseType), $"{type.Name} does not derive from CmdletBase");
            var file = commandFiles.SingleOrDefault(f => Path.GetFileNameWithoutExtension(f.Relative) == type.Name);
            Assert.True(file.Text is not null, $"{type.Name} is not in Commands/{type.Name}.cs");
            Assert.Equal(1, Regex.Count(file.Text!, @"\[Cmdlet\("));
        }
        Assert.Equal(cmdlets.Count, commandFiles.Count(f => f.Text.Contains("[Cmdlet(", StringComparison.Ordinal)));
        foreach (var exported in module.ExportedCmdlets.Values)
        {
            Assert.True(exported.ImplementingType.IsSubclassOf(baseType), $"{exported.Name} does not derive from CmdletBase");
        }
    }

    /// <summary>Words after a '-' in engine strings that are wire values, not parameters: "-Infinity" (JSON protocols).</summary>
    private static readonly HashSet<string> WireTokens = new(StringComparer.Ordinal) { "Infinity" };

    [Fact]
    public void EngineMessagesDoNotNameParametersNoCmdletHas()
    {
        using var ps = new HostedPowerShell(null);
        var parameters = ps.Run("Get-Command -Module CloudWatcher | ForEach-Object { $_.Parameters.Keys }").Output
            .Select(o => o.ToString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var named = SourceFiles(EngineSources)
            .SelectMany(f => Regex.Matches(f.Text, "\"[^\"\\n]*\"").Select(m => (f.Relative, m.Value)))
            .SelectMany(x => Regex.Matches(x.Value, @"(?<![\w-])-([A-Z][A-Za-z]+)\b").Select(m => (x.Relative, Name: m.Groups[1].Value)))
            .Where(x => !parameters.Contains(x.Name) && !WireTokens.Contains(x.Name))
            .Select(x => $"{x.Relative}: -{x.Name}")
            .Distinct()
            .ToList();
        Assert.Empty(named);
    }

    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(all)) yield return f.FieldType;
        foreach (var p in type.GetProperties(all)) yield return p.PropertyType;
        foreach (var m in type.GetMethods(all))
        {
            yield return m.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
        }
        foreach (var c in type.GetConstructors(all))
        {
            foreach (var p in c.GetParameters()) yield return p.ParameterType;
        }
    }

    private static bool IsAmazon(Type type) =>
        type.Namespace?.StartsWith("Amazon", StringComparison.Ordinal) == true
        || (type.IsGenericType && type.GetGenericArguments().Any(IsAmazon))
        || (type.HasElementType && IsAmazon(type.GetElementType()!));

    private static List<string> AssemblyReferences(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
    }

    private static HashSet<string> TypeReferenceNamespaces(string path) => TypeReferences(path).Select(r => r.Namespace).ToHashSet(StringComparer.Ordinal);

    private static List<(string Namespace, string Name)> TypeReferences(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.TypeReferences.Select(h => md.GetTypeReference(h)).Select(t => (md.GetString(t.Namespace), md.GetString(t.Name))).ToList();
    }

    private static HashSet<string> TypeDefinitionNamespaces(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
            .Where(t => t.GetDeclaringType().IsNil)
            .Select(t => md.GetString(t.Namespace))
            .Where(n => n.Length > 0 && !n.StartsWith("System", StringComparison.Ordinal) && !n.StartsWith("Microsoft", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<(string Relative, string Text)> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(root, f), File.ReadAllText(f)));
}
