using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Contract;

// Every contract suite against the in-process emulator through the AWS wire clients: one emulator per class, one
// session per test, names made unique per test.

public sealed class EmulatorLogWriteAndReadContractTests : LogWriteAndReadContract, IClassFixture<EmulatorFixture>
{
    public EmulatorLogWriteAndReadContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorLogFilterContractTests : LogFilterContract, IClassFixture<EmulatorFixture>
{
    public EmulatorLogFilterContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorLogCatalogContractTests : LogCatalogContract, IClassFixture<EmulatorFixture>
{
    public EmulatorLogCatalogContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorMetricWriteAndListContractTests : MetricWriteAndListContract, IClassFixture<EmulatorFixture>
{
    public EmulatorMetricWriteAndListContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorMetricDataContractTests : MetricDataContract, IClassFixture<EmulatorFixture>
{
    public EmulatorMetricDataContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorLogWriteLimitsContractTests : LogWriteLimitsContract, IClassFixture<EmulatorFixture>
{
    public EmulatorLogWriteLimitsContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}

public sealed class EmulatorLogGroupLifecycleContractTests : LogGroupLifecycleContract, IClassFixture<EmulatorFixture>
{
    public EmulatorLogGroupLifecycleContractTests(EmulatorFixture emulator)
        : base(PortsUnderTest.Emulator(emulator))
    {
    }
}
