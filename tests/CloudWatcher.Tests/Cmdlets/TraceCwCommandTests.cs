using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Trace-CwCommand in a hosted engine against the emulator: each of the six streams arrives as one JSON event with its
/// level and stream, every record is passed on to the caller's stream unchanged, errors carry their script position,
/// records are sent while the block runs, and every way out (end, terminating error, break, Ctrl+C) flushes.
/// </summary>
public sealed class TraceCwCommandTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly TempDirectory _spool = new();
    private readonly HostedPowerShell _ps;

    public TraceCwCommandTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        _ps = new HostedPowerShell(emulator);
        _ps.Run($"$PSDefaultParameterValues['Trace-CwCommand:SpoolPath'] = '{_spool.Path}'");
        _ps.Run(Shims);
    }

    /// <summary>
    /// The Write-* cmdlets as functions that write through $PSCmdlet as the cmdlets do (the hosted engine has only the
    /// core cmdlets; the real ones run in the Pester tests), global so that scripts see them.
    /// </summary>
    private const string Shims = """
        function global:Write-Error { [CmdletBinding()] param([Parameter(Position = 0)] [string] $Message, [object] $TargetObject)
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new([System.Exception]::new($Message), 'WriteErrorShim', 'NotSpecified', $TargetObject)) }
        function global:Write-Warning { [CmdletBinding()] param([Parameter(Position = 0)] [string] $Message) $PSCmdlet.WriteWarning($Message) }
        function global:Write-Verbose { [CmdletBinding()] param([Parameter(Position = 0)] [string] $Message) $PSCmdlet.WriteVerbose($Message) }
        function global:Write-Debug { [CmdletBinding()] param([Parameter(Position = 0)] [string] $Message) $PSCmdlet.WriteDebug($Message) }
        function global:Write-Information { [CmdletBinding()] param([Parameter(Position = 0)] [object] $MessageData, [string[]] $Tags)
            $PSCmdlet.WriteInformation($MessageData, $Tags) }
        function global:Write-Host { [CmdletBinding()] param([Parameter(Position = 0)] [string] $Object)
            $PSCmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = $Object }, [string[]]'PSHOST') }
        """;

    public void Dispose()
    {
        _ps.Dispose();
        _spool.Dispose();
    }

    private static string NewGroup() => "/trace/" + Guid.NewGuid().ToString("N")[..10];

    private List<JsonElement> Events(string group, string stream = "s")
    {
        var s = _emulator.Server.Logs.FindGroup(group)?.FindStream(stream);
        return s is null
            ? new List<JsonElement>()
            : s.ReadForward(0, s.Count, int.MaxValue, int.MaxValue, out _).Select(e => JsonDocument.Parse(e.Message).RootElement.Clone()).ToList();
    }

    private static object? Base(object? value) => value is PSObject pso ? pso.BaseObject : value;

    private static string Field(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.ToString() : "";

    [Fact]
    public void EachOfTheSixStreamsArrivesWithItsLevelAndStream()
    {
        var group = NewGroup();
        var result = _ps.Run($@"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{
    'text out'
    Write-Error 'an error'
    Write-Warning 'a warning'
    Write-Verbose 'a verbose line' -Verbose
    Write-Debug 'a debug line' -Debug
    Write-Information 'an information' -Tags job, step1
    [pscustomobject]@{{ Name = 'x'; Count = 3 }}
}}");
        var events = Events(group);
        Assert.Equal(
            new[] { ("INFO", "Output"), ("ERROR", "Error"), ("WARN", "Warning"), ("VERBOSE", "Verbose"), ("DEBUG", "Debug"), ("INFO", "Information"), ("INFO", "Output") },
            events.Select(e => (Field(e, "level"), Field(e, "stream"))));
        Assert.Equal(new[] { "text out", "an error", "a warning", "a verbose line", "a debug line", "an information" },
            events.Take(6).Select(e => Field(e, "message")));
        Assert.Equal("job,step1", string.Join(",", events[5].GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.Equal(3, events[6].GetProperty("message").GetProperty("Count").GetInt32());
        Assert.Equal("System.Management.Automation.PSCustomObject", Field(events[6], "type"));
        Assert.All(events, e => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", Field(e, "timestamp")));
        Assert.Single(result.Errors);
    }

    [Fact]
    public void EveryRecordIsPassedOnToTheCallersStreamUnchanged()
    {
        var group = NewGroup();
        using var ps = _ps.Create($@"Trace-CwCommand -LogGroupName {group} -LogStreamName s -ErrorVariable ev -WarningVariable wv -InformationVariable iv {{
    'one'; 2
    Get-Command no-such-command-here
    Write-Warning 'careful'
    Write-Verbose 'details' -Verbose
    Write-Debug 'internals' -Debug
    Write-Information 'fyi'
    Write-Host 'hello host'
    try {{ throw 'caught inside' }} catch {{ $_ }}
}}
$global:passed = @{{ ev = $ev; wv = $wv; iv = $iv }}");
        var output = ps.Invoke();
        Assert.Equal(3, output.Count);
        Assert.Equal("one", output[0].BaseObject);
        Assert.Equal(2, output[1].BaseObject);
        Assert.IsType<ErrorRecord>(output[2].BaseObject); // an ErrorRecord output on purpose stays output
        var error = Assert.Single(ps.Streams.Error);
        Assert.Equal("CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", error.FullyQualifiedErrorId);
        Assert.Equal("Get-Command", error.InvocationInfo.MyCommand.Name);
        Assert.Equal("careful", Assert.Single(ps.Streams.Warning).Message);
        Assert.Equal("details", Assert.Single(ps.Streams.Verbose, v => v.Message == "details").Message);
        Assert.Equal("internals", Assert.Single(ps.Streams.Debug, d => d.Message == "internals").Message);
        Assert.Equal(new[] { "fyi", "hello host" }, ps.Streams.Information.Select(i => i.MessageData.ToString()));
        Assert.Contains("PSHOST", ps.Streams.Information[1].Tags);
        var passed = (System.Collections.Hashtable)Base(_ps.Runspace.SessionStateProxy.GetVariable("passed"))!;
        Assert.Single((System.Collections.IList)Base(passed["ev"])!);
        Assert.Equal("careful", ((System.Collections.IList)Base(passed["wv"])!)[0]!.ToString());
        Assert.Equal(2, ((System.Collections.IList)Base(passed["iv"])!).Count);
        var events = Events(group);
        Assert.Equal(9, events.Count);
        Assert.Equal("Output", Field(events[8], "stream")); // the caught ErrorRecord, output on purpose
    }

    [Fact]
    public void WarningsCanBeRedirectedAndSilencedByTheCaller()
    {
        var group = NewGroup();
        var redirected = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ Write-Warning 'w1' }} 3>&1");
        Assert.Equal("w1", Assert.IsType<WarningRecord>(Assert.Single(redirected.Output).BaseObject).Message);
        Assert.Empty(redirected.Warnings);
        var silenced = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ Write-Warning 'w2' }} -WarningAction SilentlyContinue");
        Assert.Empty(silenced.Warnings);
        Assert.Equal(new[] { "w1", "w2" }, Events(group).Select(e => Field(e, "message"))); // sent either way
    }

    [Fact]
    public void AnErrorCarriesItsScriptPositionAndStackTrace()
    {
        var group = NewGroup();
        var script = Path.Combine(_spool.Path, "runbook.ps1");
        File.WriteAllText(script, "param($Group)\nTrace-CwCommand -LogGroupName $Group -LogStreamName s {\n    'first'\n    Write-Error 'disk almost full' -TargetObject 'C:'\n    Get-Command no-such-command-here\n}\n");
        var result = _ps.Run($"& '{script}' -Group {group}");
        Assert.Equal(2, result.Errors.Count);
        var errors = Events(group).Where(e => Field(e, "stream") == "Error").ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"{script}:4", Field(errors[0], "position"), StringComparison.Ordinal);
        Assert.Equal("C:", Field(errors[0], "target"));
        Assert.Equal("WriteErrorShim,Write-Error", Field(errors[0], "errorId"));
        Assert.Contains($"{script}: line 4", Field(errors[0], "scriptStackTrace"), StringComparison.Ordinal);
        Assert.Equal($"{script}:5:5", Field(errors[1], "position"));
        Assert.Equal("ObjectNotFound", Field(errors[1], "category"));
        Assert.Equal("System.Management.Automation.CommandNotFoundException", Field(errors[1], "exception"));
    }

    [Fact]
    public void ATerminatingErrorIsSentThenRethrownUnchanged()
    {
        var group = NewGroup();
        var error = _ps.RunExpectingTerminatingError($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ 'before'; throw 'no disk space'; 'after' }}");
        Assert.Equal("no disk space", error.Exception.Message);
        Assert.Equal("no disk space", error.FullyQualifiedErrorId);
        var events = Events(group);
        Assert.Equal(new[] { "before", "no disk space" }, events.Select(e => Field(e, "message")));
        Assert.Equal(("ERROR", "True"), (Field(events[1], "level"), Field(events[1], "terminating")));

        var other = NewGroup();
        var stop = _ps.RunExpectingTerminatingError($"$ErrorActionPreference = 'Stop'; Trace-CwCommand -LogGroupName {other} -LogStreamName s {{ Get-Command no-such-command-here; 'after' }}");
        Assert.Equal("CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", stop.FullyQualifiedErrorId);
        var sent = Assert.Single(Events(other));
        Assert.Equal("CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand", Field(sent, "errorId"));
        Assert.Equal("True", Field(sent, "terminating"));
    }

    [Fact]
    public void AnErrorActionStopOnTheCommandSendsTheErrorOnce()
    {
        var group = NewGroup();
        var error = _ps.RunExpectingTerminatingError($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ Write-Error 'stop here'; 'after' }} -ErrorAction Stop");
        Assert.Equal("stop here", error.Exception.Message);
        var sent = Assert.Single(Events(group));
        Assert.Equal("stop here", Field(sent, "message"));
    }

    [Fact]
    public void RecordsAreSentWhileTheBlockRuns()
    {
        var group = NewGroup();
        var store = _emulator.Server.Logs;
        using var ps = _ps.Create($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ 'early'; [System.Threading.Thread]::Sleep(9000); 'late' }}");
        var running = ps.BeginInvoke();
        var clock = Stopwatch.StartNew();
        while (store.FindGroup(group)?.FindStream("s")?.Count is null or 0 && clock.Elapsed < TimeSpan.FromSeconds(12))
        {
            Thread.Sleep(50);
        }
        Assert.False(running.IsCompleted);
        Assert.Equal("early", Field(Assert.Single(Events(group)), "message")); // sent by the writer's 5 s interval, not at the end
        ps.EndInvoke(running);
        Assert.Equal(2, Events(group).Count);
    }

    [Fact]
    public void CtrlCStopsTheBlockPromptlyAndFlushes()
    {
        var group = NewGroup();
        using var ps = _ps.Create($"Trace-CwCommand -LogGroupName {group} -LogStreamName s -FlushTimeoutSec 2 {{ 'started'; Write-Warning 'working'; while ($true) {{ [System.Threading.Thread]::Sleep(20) }}; 'never' }}");
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        var clock = Stopwatch.StartNew();
        while (ps.Streams.Warning.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(20);
        }
        clock.Restart();
        ps.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"Ctrl+C took {clock.Elapsed} (the flush bound is 2 s)");
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(new[] { "started", "working" }, Events(group).Select(e => Field(e, "message")));
        Assert.Contains("Trace-CwCommand stopped: 2 events sent", _ps.Host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void BreakLeavesTheBlockAndIsPassedOnAfterTheFlush()
    {
        var group = NewGroup();
        var result = _ps.Run($"foreach ($i in 1..3) {{ Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ \"i$i\"; if ($i -eq 2) {{ break }} }} }}; 'after'");
        Assert.Equal(new[] { "i1", "i2", "after" }, result.Output.Select(o => o.ToString()));
        Assert.Equal(new[] { "i1", "i2" }, Events(group).Select(e => Field(e, "message")));
    }

    [Fact]
    public void TheBlockRunsInTheCallersScopeAndPassThruEndsWithTheSummary()
    {
        var group = NewGroup();
        var result = _ps.Run($"$x = 1; Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ $x = 2; 'a'; 'b' }} -PassThru -SummaryVariable sum; \"x=$x\"; $sum.EventsSent");
        Assert.Equal("a", result.Output[0].BaseObject);
        var summary = Assert.IsType<LogWriteSummary>(result.Output[2].BaseObject);
        Assert.Equal(2, summary.EventsSent);
        Assert.Equal("x=2", result.Output[3].BaseObject);
        Assert.Equal(2L, Convert.ToInt64(result.Output[4].BaseObject, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void StreamChoosesWhatIsSentAndEverythingIsStillPassedOn()
    {
        var group = NewGroup();
        var result = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s -Stream Error, Warning {{ 'out'; Write-Warning 'w'; Write-Error 'e' }}");
        Assert.Equal("out", Assert.Single(result.Output).BaseObject);
        Assert.Single(result.Warnings);
        Assert.Equal(new[] { "Warning", "Error" }, Events(group).Select(e => Field(e, "stream")));
    }

    [Fact]
    public void TheDefaultStreamIsTheHostAndTheStartTime()
    {
        var group = NewGroup();
        _ps.Run($"Trace-CwCommand -LogGroupName {group} {{ 'x' }}");
        var stream = Assert.Single(_emulator.Server.Logs.FindGroup(group)!.Streams());
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Environment.MachineName) + @"-\d{8}T\d{6}Z$", stream.Name);
    }

    [Fact]
    public void WhatIfRunsTheBlockAndSendsNothing()
    {
        var group = NewGroup();
        var result = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ 1..3 }} -WhatIf");
        Assert.Equal(3, result.Output.Count);
        Assert.Null(_emulator.Server.Logs.FindGroup(group));
        Assert.Contains("Write 3 log events", _ps.Host.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWritersOwnMessagesFollowTheCallersPreferences()
    {
        var group = NewGroup();
        var result = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ 'x'; Write-Verbose 'mine' -Verbose }}");
        Assert.Equal(new[] { "mine" }, result.Verbose);
        Assert.Empty(result.Debug);
    }

    [Fact]
    public void WhenSendingFailsForGoodTheBlockGoesOnAndNothingIsLost()
    {
        var group = NewGroup();
        // The first batch goes after 5 s and finds no group (-NoCreate); what the block writes after that is spooled.
        var result = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s -NoCreate -SummaryVariable sum {{ 'a'; [System.Threading.Thread]::Sleep(6500); 'b'; 'c' }}; $sum");
        Assert.Equal(new object[] { "a", "b", "c" }, result.Output.Take(3).Select(o => o.BaseObject));
        Assert.Contains(result.Warnings, w => w.Contains("kept in the spool and no longer sent", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("In all, 3 events", StringComparison.Ordinal));
        Assert.Single(result.Errors);
        Assert.Equal(3, Assert.IsType<LogWriteSummary>(result.Output[3].BaseObject).Spooled);

        _emulator.Server.Logs.TryCreateGroup(group)!.TryCreateStream("s", _emulator.Server.Logs.NowMs);
        var resend = _ps.Run($"Send-CwLogSpool -LogGroupName {group} -LogStreamName s -SpoolPath '{_spool.Path}'");
        Assert.Empty(resend.Errors);
        Assert.Equal(new[] { "a", "b", "c" }, Events(group).Select(e => Field(e, "message")));
    }

    [Fact]
    public void ExitInsideTheBlockFlushesThenExitsWithItsCode()
    {
        var group = NewGroup();
        var result = _ps.Run($"Trace-CwCommand -LogGroupName {group} -LogStreamName s {{ 'x'; Write-Warning 'leaving'; exit 4; 'never' }}; 'after'");
        Assert.Equal("x", Assert.Single(result.Output).BaseObject);
        Assert.Equal(4, _ps.Host.ExitCode); // the exit reached the host, as it does without Trace-CwCommand
        Assert.Equal(new[] { "x", "leaving" }, Events(group).Select(e => Field(e, "message")));
    }
}
