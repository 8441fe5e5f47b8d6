using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CloudWatcher.Tests.Contract;

/// <summary>
/// A contract case (a fact). Like [SkippableFact] it may be skipped at run time (Skip.If: the server is not installed),
/// and on a target class that carries a <see cref="KnownGapsAttribute"/> it is reported Skipped, with the reason, when
/// its name is listed there.
/// </summary>
[XunitTestCaseDiscoverer("CloudWatcher.Tests.Contract.ContractFactDiscoverer", "CloudWatcher.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute
{
}

/// <summary>A contract case with data rows: each row is a case of its own for <see cref="KnownGapsAttribute"/> (see <see cref="ContractFactAttribute"/>).</summary>
[XunitTestCaseDiscoverer("CloudWatcher.Tests.Contract.ContractTheoryDiscoverer", "CloudWatcher.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractTheoryAttribute : TheoryAttribute
{
}

/// <summary>
/// The cases a target (a server that is not AWS) is known to answer differently from AWS, by exact name: the method
/// name (every row of a theory) or the name of one row as the test runner shows it after the class, e.g.
/// <c>TermPatterns(pattern: "?a ?b", expected: [1, 4])</c>. Everything not listed runs and must pass.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public abstract class KnownGapsAttribute : Attribute
{
    /// <summary>Case name → why the server differs from AWS there.</summary>
    public abstract IReadOnlyDictionary<string, string> Gaps { get; }

    /// <summary>The reason a case is skipped on this target, or null when it runs.</summary>
    public string? ReasonFor(string caseName, string methodName) =>
        Gaps.TryGetValue(caseName, out var row) ? row : Gaps.GetValueOrDefault(methodName);

    /// <summary>
    /// A case's name as <see cref="Gaps"/> lists it: its display name from the method name on, which is the method name
    /// for a fact and the method with its arguments for a theory row, whatever the runner's method display setting.
    /// </summary>
    public static string CaseName(string displayName, string methodName)
    {
        var at = displayName.IndexOf(methodName + "(", StringComparison.Ordinal);
        return at >= 0 ? displayName[at..] : methodName;
    }
}

/// <summary>A contract case's run: skippable by <see cref="Xunit.SkipException"/> (moto missing) and by a known gap of its class.</summary>
public sealed class ContractTestCase : SkippableFactTestCase
{
    private static readonly string[] SkippingExceptions = { typeof(Xunit.SkipException).FullName! };

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    public ContractTestCase(IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod, object[]? arguments = null)
        : base(SkippingExceptions, diagnosticMessageSink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, arguments)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var gaps = TestMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<KnownGapsAttribute>();
        var name = TestMethod.Method.Name;
        return gaps?.ReasonFor(KnownGapsAttribute.CaseName(DisplayName, name), name) is { } reason
            ? "known gap: " + reason
            : base.GetSkipReason(factAttribute);
    }
}

/// <summary>Discovers a <see cref="ContractFactAttribute"/> case.</summary>
public sealed class ContractFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;

    public ContractFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnosticMessageSink = diagnosticMessageSink;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new[] { new ContractTestCase(_diagnosticMessageSink, discoveryOptions, testMethod) };
}

/// <summary>Discovers the rows of a <see cref="ContractTheoryAttribute"/> case, one <see cref="ContractTestCase"/> each.</summary>
public sealed class ContractTheoryDiscoverer : TheoryDiscoverer
{
    public ContractTheoryDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo theoryAttribute, object[] dataRow) =>
        new[] { new ContractTestCase(DiagnosticMessageSink, discoveryOptions, testMethod, dataRow) };

    // Rows that cannot be listed before the run: one case for them all, skippable only as a whole (the contract's rows
    // are InlineData, so this is not used today).
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo theoryAttribute) =>
        new[] { new SkippableTheoryTestCase(new[] { typeof(Xunit.SkipException).FullName! }, DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod) };
}
