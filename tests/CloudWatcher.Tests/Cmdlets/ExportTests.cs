using System.Management.Automation;
using System.Text.Json;
using CloudWatcher.Tests.Infrastructure;
using SkiaSharp;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class ExportTests : IClassFixture<EmulatorFixture>
{
    private const string Instance1 = "i-0123456789abcdef0";
    private const string Instance2 = "i-0fedcba9876543210";
    private readonly EmulatorFixture _emulator;

    public ExportTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void OneSeriesToCsvInCloudwatchersShape()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Hours 1 | Export-CwMetric '{dir.File("mem.csv")}' -PassThru");
        Assert.Empty(result.Errors);
        Assert.Equal(dir.File("mem.csv"), Assert.Single(result.Objects<FileInfo>()).FullName);
        var lines = File.ReadAllLines(dir.File("mem.csv"));
        Assert.Equal("time,value", lines[0]);
        Assert.InRange(lines.Length, 60, 62);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z,\d+(\.\d+)?(E\+\d+)?$", lines[1]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void SeveralSeriesShareAFileWithAColumnEach()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwMetric nephele_cpu_usage_user -InstanceId {Instance1}, {Instance2} -Days 5 | Export-CwMetric '{dir.File("cpu.csv")}'");
        var lines = File.ReadAllLines(dir.File("cpu.csv"));
        Assert.Equal($"time,cpu_usage_user {Instance1},cpu_usage_user {Instance2}", lines[0]);
        Assert.Contains(lines, l => l.EndsWith(',')); // instance 2 stopped 6 hours ago: empty cells
    }

    [Fact]
    public void JsonHasLabelTimestampsValuesAndMore()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 10 | Export-CwMetric '{dir.File("mem.json")}'");
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("mem.json")));
        var root = doc.RootElement;
        Assert.Equal("mem_used", root.GetProperty("Label").GetString());
        Assert.Equal(root.GetProperty("Timestamps").GetArrayLength(), root.GetProperty("Values").GetArrayLength());
        Assert.Equal("Bytes", root.GetProperty("Unit").GetString());
        Assert.Equal(Instance1, root.GetProperty("Dimensions")[0].GetProperty("Value").GetString());
    }

    [Fact]
    public void PlaceholdersWriteOneFilePerSeries()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var files = ps.Run($"Get-CwPreset nephele_mem, nephele_swap_used | Get-CwMetric -InstanceId {Instance1} -Minutes 10 | Export-CwMetric '{dir.Path}/{{Label}}.json' -PassThru")
            .Objects<FileInfo>().Select(f => f.Name).OrderBy(n => n);
        Assert.Equal(new[] { "mem_used.json", "swap_used.json" }, files);
    }

    [Fact]
    public void RawResponseNeedsIncludeRawResponse()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var refused = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 10 | Export-CwMetric '{dir.File("r.json")}' -Format Response");
        Assert.Contains("-IncludeRawResponse", Assert.Single(refused.Errors).Exception.Message);
        Assert.False(File.Exists(dir.File("r.json")));

        ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 10 -IncludeRawResponse | Export-CwMetric '{dir.File("r.json")}' -Format Response");
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("r.json")));
        var result = doc.RootElement.GetProperty("MetricDataResults")[0];
        Assert.Equal("Complete", result.GetProperty("StatusCode").GetString());
        Assert.True(result.GetProperty("Values").GetArrayLength() > 0);
    }

    [Fact]
    public void ExistingFilesNeedForceAndWhatIfWritesNothing()
    {
        using var dir = new TempDirectory();
        var target = dir.File("mem.csv");
        File.WriteAllText(target, "keep me");
        using var ps = new HostedPowerShell(_emulator);
        var refused = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric '{target}'");
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("FileExists,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Equal("keep me", File.ReadAllText(target));

        ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric '{target}' -Force -WhatIf");
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Contains("What if", ps.Host.Text);

        ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric '{target}' -Force");
        Assert.StartsWith("time,value", File.ReadAllText(target));
    }

    [Fact]
    public void AnUnwritablePathIsAClearErrorAndLeavesNoFile()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var missing = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric '{dir.Path}/no/such/folder/mem.csv'");
        var error = Assert.Single(missing.Errors);
        Assert.StartsWith("DirectoryNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);

        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return; // root writes anywhere (and Windows has no Unix modes); the missing-folder case above still ran
        }
        var readOnly = Directory.CreateDirectory(dir.File("ro"));
        File.SetUnixFileMode(readOnly.FullName, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var denied = ps.Run($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric '{readOnly.FullName}/mem.csv'");
            Assert.Equal(ErrorCategory.PermissionDenied, Assert.Single(denied.Errors).CategoryInfo.Category);
            Assert.Empty(Directory.GetFiles(readOnly.FullName));
        }
        finally
        {
            File.SetUnixFileMode(readOnly.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void RelativePathsFollowThePowerShellLocation()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        ps.Run($"$null = $ExecutionContext.SessionState.Path.SetLocation('{dir.Path}'); Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetric ./here.csv");
        Assert.True(File.Exists(dir.File("here.csv")));
    }

    [Fact]
    public void ThePlotIsAnImageThatShowsTheSeries()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"Get-CwMetric nephele_mem, nephele_mem_cached -InstanceId {Instance1} -Hours 6 | Export-CwMetricPlot '{dir.File("mem.png")}' -Width 800 -Height 400 -PassThru");
        Assert.Empty(result.Errors);
        Assert.Single(result.Objects<FileInfo>());
        using var bitmap = SKBitmap.Decode(dir.File("mem.png"));
        Assert.Equal(800, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        // The first two palette colours (tab10 blue and orange) must both be drawn.
        Assert.True(CountNear(bitmap, new SKColor(0x1f, 0x77, 0xb4)) > 200, "no blue line");
        Assert.True(CountNear(bitmap, new SKColor(0xff, 0x7f, 0x0e)) > 200, "no orange line");
    }

    [Fact]
    public void PlotWarnsAboutEmptySeriesAndRefusesUnknownExtensions()
    {
        using var dir = new TempDirectory();
        using var ps = new HostedPowerShell(_emulator);
        var empty = ps.Run($"Get-CwMetric -Namespace Nothing -MetricName none -Hours 1 | Export-CwMetricPlot '{dir.File("empty.svg")}'");
        Assert.Contains(empty.Warnings, w => w.Contains("no data"));
        Assert.True(File.Exists(dir.File("empty.svg")));

        var bad = ps.RunExpectingTerminatingError($"Get-CwMetric nephele_mem -InstanceId {Instance1} -Minutes 5 | Export-CwMetricPlot '{dir.File("mem.gif")}'");
        Assert.StartsWith("UnsupportedImageFormat,", bad.FullyQualifiedErrorId);
        Assert.Contains(".png or .svg", bad.Exception.Message);
    }

    private static int CountNear(SKBitmap bitmap, SKColor color)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - color.Red) < 8 && Math.Abs(p.Green - color.Green) < 8 && Math.Abs(p.Blue - color.Blue) < 8)
                {
                    count++;
                }
            }
        }
        return count;
    }
}
