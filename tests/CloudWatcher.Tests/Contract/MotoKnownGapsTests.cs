using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CloudWatcher.Tests.Contract;

/// <summary>
/// The moto gap list stays true to the suites: every entry names a case that exists (a renamed case would otherwise
/// leave a dead entry and run again unnoticed), and every suite runs against moto. Needs no moto: the cases are
/// discovered here as xUnit discovers them.
/// </summary>
public sealed class MotoKnownGapsTests
{
    private static readonly Type[] Suites = typeof(PortContract).Assembly.GetTypes()
        .Where(t => t.IsAbstract && t.IsSubclassOf(typeof(PortContract))).ToArray();

    private static readonly Type[] MotoTargets = typeof(PortContract).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(PortContract)) && t.GetCustomAttribute<MotoKnownGapsAttribute>() is not null).ToArray();

    [Fact]
    public void EveryListedGapIsAContractCaseAndIsReportedSkippedWithItsReason()
    {
        var cases = MotoTargets.SelectMany(Discover).ToList();
        var names = cases.Select(c => c.Name).Concat(cases.Select(c => c.Method)).ToHashSet(StringComparer.Ordinal);

        var stale = MotoKnownGapsAttribute.List.Keys.Where(gap => !names.Contains(gap)).ToList();
        Assert.True(stale.Count == 0, "Not a contract case (renamed or removed? update MotoKnownGapsAttribute.List): " + string.Join(" | ", stale));
        foreach (var (gap, reason) in MotoKnownGapsAttribute.List)
        {
            Assert.Contains(cases, c => (c.Name == gap || c.Method == gap) && c.SkipReason == "known gap: " + reason);
        }
        Assert.Empty(cases.Where(c => c.SkipReason is not null && MotoKnownGapsAttribute.List.GetValueOrDefault(c.Name) is null
            && MotoKnownGapsAttribute.List.GetValueOrDefault(c.Method) is null).Select(c => c.Name));
    }

    [Fact]
    public void EverySuiteRunsAgainstMoto()
    {
        Assert.Equal(7, Suites.Length);
        Assert.Equal(Suites.OrderBy(t => t.Name), MotoTargets.Select(t => t.BaseType!).OrderBy(t => t.Name));
    }

    [Fact]
    public void EveryCaseIsAContractCaseWithANameOfItsOwnSoAGapSkipsExactlyIt()
    {
        var cases = Suites.SelectMany(s => s.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null).ToList();
        Assert.Empty(cases.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(cases.Where(m => m.GetCustomAttribute<FactAttribute>() is not (ContractFactAttribute or ContractTheoryAttribute)).Select(m => m.Name));
    }

    /// <summary>The cases of a target class as the contract discoverers make them: name as listed in gaps, method, skip reason.</summary>
    private static IEnumerable<(string Name, string Method, string? SkipReason)> Discover(Type target)
    {
        var testClass = new TestClass(new TestCollection(new TestAssembly(Reflector.Wrap(target.Assembly)), null, "gaps"), Reflector.Wrap(target));
        var sink = new NullMessageSink();
        foreach (var method in target.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = method.GetCustomAttributesData().FirstOrDefault(a => typeof(FactAttribute).IsAssignableFrom(a.AttributeType));
            if (attribute is null)
            {
                continue;
            }
            IXunitTestCaseDiscoverer discoverer = attribute.AttributeType == typeof(ContractTheoryAttribute)
                ? new ContractTheoryDiscoverer(sink)
                : new ContractFactDiscoverer(sink);
            foreach (var testCase in discoverer.Discover(new DefaultOptions(), new TestMethod(testClass, Reflector.Wrap(method)), Reflector.Wrap(attribute)))
            {
                yield return (KnownGapsAttribute.CaseName(testCase.DisplayName, method.Name), method.Name, testCase.SkipReason);
            }
        }
    }

    /// <summary>The runner's defaults: theories pre-enumerated, class and method in display names.</summary>
    private sealed class DefaultOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value)
        {
        }
    }
}
