namespace CloudWatcher.Tests.Contract;

// Every contract suite against fresh fakes (FakeCloudWatchApi, FakeLogsApi), one pair per test.

public sealed class FakeLogWriteAndReadContractTests : LogWriteAndReadContract
{
    public FakeLogWriteAndReadContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeLogFilterContractTests : LogFilterContract
{
    public FakeLogFilterContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeLogCatalogContractTests : LogCatalogContract
{
    public FakeLogCatalogContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeMetricWriteAndListContractTests : MetricWriteAndListContract
{
    public FakeMetricWriteAndListContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeMetricDataContractTests : MetricDataContract
{
    public FakeMetricDataContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeLogWriteLimitsContractTests : LogWriteLimitsContract
{
    public FakeLogWriteLimitsContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}

public sealed class FakeLogGroupLifecycleContractTests : LogGroupLifecycleContract
{
    public FakeLogGroupLifecycleContractTests()
        : base(PortsUnderTest.Fakes())
    {
    }
}
