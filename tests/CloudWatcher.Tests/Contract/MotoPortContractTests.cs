using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Contract;

// Every contract suite against moto, a server we did not write, through the AWS wire clients: one moto for all
// classes (MotoCollection), one session per test, names made unique per test.

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoLogWriteAndReadContractTests : LogWriteAndReadContract
{
    public MotoLogWriteAndReadContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoLogFilterContractTests : LogFilterContract
{
    public MotoLogFilterContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoLogCatalogContractTests : LogCatalogContract
{
    public MotoLogCatalogContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoMetricWriteAndListContractTests : MetricWriteAndListContract
{
    public MotoMetricWriteAndListContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoMetricDataContractTests : MetricDataContract
{
    public MotoMetricDataContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoLogWriteLimitsContractTests : LogWriteLimitsContract
{
    public MotoLogWriteLimitsContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}

[Collection(MotoCollection.Name)]
[MotoKnownGaps]
public sealed class MotoLogGroupLifecycleContractTests : LogGroupLifecycleContract
{
    public MotoLogGroupLifecycleContractTests(MotoFixture moto)
        : base(PortsUnderTest.Moto(moto))
    {
    }
}
