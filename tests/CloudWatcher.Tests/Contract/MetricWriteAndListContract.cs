using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>PutMetricData and ListMetrics as CloudWatch answers them: what is listed, dimension filters, paging, refused data.</summary>
public abstract class MetricWriteAndListContract : PortContract
{
    protected MetricWriteAndListContract(PortsUnderTest ports)
        : base(ports)
    {
    }

    [ContractFact]
    public async Task APutMetricIsListedInItsNamespaceWithItsDimensions()
    {
        var ns = Unique("Contract/List");
        var minute = Floor(Now.AddMinutes(-5), 60);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("latency") { Dimensions = new[] { new Dimension("Host", "web-1"), new Dimension("Path", "/a:b") }, Timestamp = minute, Value = 1 },
            new MetricDatum("latency") { Dimensions = new[] { new Dimension("Path", "/a:b"), new Dimension("Host", "web-1") }, Timestamp = minute.AddMinutes(1), Value = 2 },
            new MetricDatum("errors") { Timestamp = minute, Value = 0 },
        }), None);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Other"), new[] { new MetricDatum("latency") { Value = 1 } }), None);

        var listed = await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, None);

        Assert.Null(listed.NextToken);
        Assert.Equal(new[] { "errors", "latency [Host=web-1, Path=/a:b]" }, listed.Metrics.Select(Describe).Order(StringComparer.Ordinal));
        Assert.All(listed.Metrics, m => Assert.Equal(ns, m.Namespace));
    }

    [ContractFact]
    public async Task DimensionFiltersMatchByValueOrByNameAloneAndNameFiltersByMetricName()
    {
        var ns = Unique("Contract/Filter");
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("cpu") { Dimensions = new[] { new Dimension("Host", "web-1") }, Value = 1 },
            new MetricDatum("cpu") { Dimensions = new[] { new Dimension("Host", "web-2"), new Dimension("Role", "front") }, Value = 1 },
            new MetricDatum("cpu") { Dimensions = new[] { new Dimension("Role", "front") }, Value = 1 },
            new MetricDatum("mem") { Dimensions = new[] { new Dimension("Host", "web-1") }, Value = 1 },
        }), None);

        async Task<string[]> List(string? name, params Dimension[] filters) =>
            (await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns, MetricName = name, Dimensions = filters }, None))
                .Metrics.Select(Describe).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { "cpu [Host=web-1]", "cpu [Host=web-2, Role=front]", "mem [Host=web-1]" }, await List(null, new Dimension("Host", null)));
        Assert.Equal(new[] { "cpu [Host=web-1]", "mem [Host=web-1]" }, await List(null, new Dimension("Host", "web-1")));
        Assert.Equal(new[] { "cpu [Host=web-2, Role=front]" }, await List(null, new Dimension("Host", null), new Dimension("Role", "front")));
        Assert.Equal(new[] { "cpu [Host=web-1]", "cpu [Host=web-2, Role=front]" }, await List("cpu", new Dimension("Host", null)));
        Assert.Empty(await List(null, new Dimension("Zone", null)));
    }

    [ContractFact]
    public async Task MoreThan500MetricsArePagedWithNextTokenEachListedOnce()
    {
        var ns = Unique("Contract/Paging");
        var names = Enumerable.Range(0, 501).Select(i => $"m{i:D3}").ToList();
        // In calls of 100, under the 10 KiB from which the body goes gzip-compressed (a case of its own, see AThousandDatums…).
        foreach (var chunk in names.Chunk(100))
        {
            await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, chunk.Select(n => new MetricDatum(n) { Value = 1 }).ToList()), None);
        }

        var pages = new List<ListMetricsResult>();
        string? token = null;
        do
        {
            var page = await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns, NextToken = token }, None);
            pages.Add(page);
            token = page.NextToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Null(pages[^1].NextToken);
        Assert.True(pages.Count >= 2, $"{pages.Count} pages");
        Assert.All(pages, p => Assert.InRange(p.Metrics.Count, 0, 500));
        Assert.Equal(names, pages.SelectMany(p => p.Metrics).Select(m => m.MetricName).Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task TheAwsNamespacesAreReserved() =>
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest("AWS/EC2", new[] { new MetricDatum("cpu") { Value = 1 } }), None));

    [ContractFact]
    public async Task ANonFiniteValueIsRefused() =>
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Bad"), new[] { new MetricDatum("x") { Value = double.PositiveInfinity } }), None));

    [ContractFact]
    public async Task ATimestampMoreThanTwoWeeksOldOrTwoHoursAheadIsRefused()
    {
        var ns = Unique("Contract/Time");
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("x") { Value = 1, Timestamp = Now.AddDays(-15) } }), None));
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("x") { Value = 1, Timestamp = Now.AddHours(3) } }), None));
    }

    [ContractFact]
    public async Task AValueAndStatisticValuesInOneDatumAreRefused()
    {
        var datum = new MetricDatum("x") { Value = 1, StatisticValues = new StatisticValues(1, 1, 1, 1) };
        await Fails(ErrorKind.InvalidInput, "InvalidParameterCombination", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Bad"), new[] { datum }), None));
    }

    [ContractFact]
    public async Task ARefusedDatumStoresNothingOfItsRequest()
    {
        var ns = Unique("Contract/Atomic");
        await Assert.ThrowsAsync<CloudWatcherServiceException>(() => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[]
        {
            new MetricDatum("good") { Value = 1 },
            new MetricDatum("bad") { Value = double.NaN },
        }), None));

        Assert.Empty((await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, None)).Metrics);
    }

    [ContractFact]
    public async Task AThousandDatumsAreTakenInOneCallAndAThousandAndOneRefused()
    {
        var ns = Unique("Contract/Limits");
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, Enumerable.Range(0, 1000).Select(i => new MetricDatum($"m{i:D4}") { Value = i }).ToList()), None);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, Enumerable.Range(0, 1001).Select(i => new MetricDatum("over") { Value = i }).ToList()), None));
        Assert.DoesNotContain((await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns, MetricName = "over" }, None)).Metrics, m => m.MetricName == "over");
    }

    [ContractFact]
    public async Task AHundredAndFiftyValuesAreTakenInADatumAndAHundredAndFiftyOneRefused()
    {
        var ns = Unique("Contract/Limits");
        var values = Enumerable.Range(1, 151).Select(v => (double)v).ToList();
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("dist") { Values = values.Take(150).ToList() } }), None);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("dist") { Values = values, Counts = values } }), None));
    }

    [ContractFact]
    public async Task ThirtyDimensionsAreTakenAndThirtyOneRefused()
    {
        var ns = Unique("Contract/Limits");
        var dims = Enumerable.Range(0, 31).Select(i => new Dimension($"D{i:D2}", $"v{i}")).ToList();
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("wide") { Dimensions = dims.Take(30).ToList(), Value = 1 } }), None);
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("wider") { Dimensions = dims, Value = 1 } }), None));
        var listed = await MetricCatalog.ListMetricsAsync(new ListMetricsRequest { Namespace = ns }, None);
        Assert.Equal(30, Assert.Single(listed.Metrics).Dimensions.Count);
    }

    [ContractTheory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(120)]
    public async Task AStorageResolutionOtherThan1Or60IsRefused(int resolution) =>
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Bad"), new[] { new MetricDatum("x") { Value = 1, StorageResolution = resolution } }), None));

    [ContractTheory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(4.7e108)]
    [InlineData(-4.7e108)]
    public async Task NaNInfinitiesAndValuesBeyond2To360AreRefusedInValuesToo(double bad)
    {
        var ns = Unique("Contract/Bad");
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("x") { Value = bad } }), None));
        await Fails(ErrorKind.InvalidInput, "InvalidParameterValue", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, new[] { new MetricDatum("x") { Values = new[] { 1, bad } } }), None));
    }

    [ContractFact]
    public async Task ValuesOf2To360AreTaken()
    {
        var edge = Math.Pow(2, 360);
        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Edge"), new[]
        {
            new MetricDatum("x") { Value = edge },
            new MetricDatum("x") { Values = new[] { -edge, edge } },
        }), None);
    }

    [ContractFact]
    public async Task ADatumWithoutAValueIsMissingAParameter() =>
        await Fails(ErrorKind.InvalidInput, "MissingParameter", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Bad"), new[] { new MetricDatum("x") }), None));

    [ContractFact]
    public async Task AValueAndValuesInOneDatumAreRefused() =>
        await Fails(ErrorKind.InvalidInput, "InvalidParameterCombination", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(Unique("Contract/Bad"), new[] { new MetricDatum("x") { Value = 1, Values = new[] { 1.0 } } }), None));

    [ContractFact]
    public async Task ABodyOverOneMebibyteIsRefusedAsTooLargeAndOneUnderItIsTaken()
    {
        var ns = Unique("Contract/Size");
        var dims = Enumerable.Range(0, 30).Select(i => new Dimension($"D{i:D2}", new string((char)('a' + i % 26), 1000))).ToList();
        var fits = Enumerable.Range(0, 30).Select(i => new MetricDatum($"m{i}") { Dimensions = dims, Value = i }).ToList();
        var over = Enumerable.Range(0, 36).Select(i => new MetricDatum($"m{i}") { Dimensions = dims, Value = i }).ToList();
        Assert.InRange(CloudWatcher.Aws.Metrics.CloudWatchApi.JsonBytes(new PutMetricDataRequest(ns, fits)), 900_000, 1_000_000);
        Assert.True(CloudWatcher.Aws.Metrics.CloudWatchApi.JsonBytes(new PutMetricDataRequest(ns, over)) > 1_048_576);

        await MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, fits), None);
        var ex = await Fails(ErrorKind.LimitExceeded, "RequestEntityTooLarge", "PutMetricData",
            () => MetricWrite.PutMetricDataAsync(new PutMetricDataRequest(ns, over), None));
        Assert.Equal(413, ex.StatusCode);
    }

    /// <summary>"name [A=1, B=2]" with the dimensions in name order (the order CloudWatch lists them in is not part of the contract).</summary>
    private static string Describe(MetricInfo m) =>
        m.Dimensions.Count == 0 ? m.MetricName : $"{m.MetricName} [{string.Join(", ", m.Dimensions.OrderBy(d => d.Name, StringComparer.Ordinal))}]";
}
