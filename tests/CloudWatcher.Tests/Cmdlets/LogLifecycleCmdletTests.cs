using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>New-CwLogGroup, Set-CwLogGroup, Remove-CwLogGroup, New-CwLogStream and Remove-CwLogStream in a hosted engine against the emulator.</summary>
public sealed class LogLifecycleCmdletTests : IClassFixture<EmulatorFixture>
{
    private const string Allowed = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

    private readonly EmulatorFixture _emulator;

    public LogLifecycleCmdletTests(EmulatorFixture emulator) => _emulator = emulator;

    private CloudWatcher.Emulator.Logs.LogsStore Store => _emulator.Server.Logs;

    private static string Unique(string name) => $"/cwlife/{name}-{Guid.NewGuid():N}"[..(name.Length + 17)];

    private long Calls(string operation) => _emulator.Server.Stats.Count(operation);

    private string NewGroup(string name, params string[] streams)
    {
        var group = Unique(name);
        Store.TryCreateGroup(group);
        foreach (var stream in streams)
        {
            Store.FindGroup(group)!.TryCreateStream(stream, Store.NowMs);
        }
        return group;
    }

    // ---- New-CwLogGroup ---------------------------------------------------------------------------

    [Fact]
    public void NewLogGroupCreatesWithRetentionTagsAndClassAndWritesTheGroupAsDescribed()
    {
        var name = Unique("new");
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"New-CwLogGroup {name} -RetentionInDays 30 -Tag @{{ team = 'core'; env = 'dev'; build = 42 }} -LogGroupClass InfrequentAccess -KmsKeyId arn:aws:kms:us-east-1:123456789012:key/k1");

        Assert.Empty(result.Errors);
        var group = Assert.Single(result.Objects<LogGroup>());
        Assert.Equal(name, group.LogGroupName);
        Assert.Equal(30, group.RetentionInDays);
        Assert.Equal(LogGroupClass.InfrequentAccess, group.LogGroupClass);
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/k1", group.KmsKeyId);
        Assert.Equal("build=42; env=dev; team=core", group.Tags!.ToString());
        Assert.EndsWith(":log-group:" + name, group.Arn);
        var stored = Store.FindGroup(name)!;
        Assert.Equal(30, stored.RetentionInDays);
        Assert.Equal("INFREQUENT_ACCESS", stored.LogGroupClass);
        Assert.Equal("core", stored.Tags()["team"]);
    }

    [Fact]
    public void NewLogGroupTakesNamesFromThePipelineAndReportsEachExistingNameOnItsOwn()
    {
        var existing = NewGroup("exists");
        var a = Unique("pipe-a");
        var b = Unique("pipe-b");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"'{a}', '{existing}' | New-CwLogGroup; [pscustomobject]@{{ LogGroupName = '{b}' }} | New-CwLogGroup");

        Assert.Equal(new[] { a, b }, result.Objects<LogGroup>().Select(g => g.LogGroupName));
        var error = Assert.Single(result.Errors);
        Assert.Equal("ResourceAlreadyExists,CloudWatcher.PowerShell.Commands.NewCwLogGroupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal(existing, error.TargetObject);
        Assert.Contains(existing, error.ErrorDetails!.Message);
        Assert.NotNull(Store.FindGroup(b));
    }

    [Fact]
    public void NewLogGroupWithWhatIfSendsNothing()
    {
        var name = Unique("whatif");
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;

        var result = ps.Run($"New-CwLogGroup {name}, {name}-2 -RetentionInDays 7 -Tag @{{ a = 'b' }} -WhatIf");

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.Equal(before, _emulator.Server.Stats.Total);
        Assert.Null(Store.FindGroup(name));
        Assert.Contains($"Create log group (events kept 7 days; tags a=b)\" on target \"{name}\"", ps.Host.Text);
        Assert.Contains($"on target \"{name}-2\"", ps.Host.Text);
    }

    [Theory]
    [InlineData("New-CwLogGroup {0} -RetentionInDays 2")]
    [InlineData("Set-CwLogGroup {0} -RetentionInDays 31")]
    [InlineData("Set-CwLogGroup {0} 0 -Tag @{{ a = 'b' }}")]
    public void ARetentionOutsideTheAllowedDaysEndsTheCommandBeforeAnythingIsSent(string command)
    {
        var name = NewGroup("badretention");
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;

        var error = ps.RunExpectingTerminatingError(string.Format(System.Globalization.CultureInfo.InvariantCulture, command, name));

        Assert.StartsWith("InvalidRetention,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(Allowed, error.Exception.Message);
        Assert.Equal(before, _emulator.Server.Stats.Total);
    }

    [Fact]
    public void AnEmptyTagKeyEndsTheCommand()
    {
        using var ps = new HostedPowerShell(_emulator);
        var error = ps.RunExpectingTerminatingError($"New-CwLogGroup {Unique("tagkey")} -Tag @{{ ' ' = 'v' }}");
        Assert.StartsWith("InvalidTag,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    [Fact]
    public void ATagTheServiceRefusesIsAnErrorForThatName()
    {
        var name = Unique("badtag");
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run($"New-CwLogGroup {name} -Tag @{{ 'bad*key' = 'v' }}");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidParameter,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Null(Store.FindGroup(name));
    }

    // ---- Set-CwLogGroup ---------------------------------------------------------------------------

    [Fact]
    public void SetLogGroupSetsRetentionOnGroupsPipedFromGetCwLogGroupAndPassesThemThru()
    {
        var root = Unique("set");
        Store.TryCreateGroup(root + "/a");
        Store.TryCreateGroup(root + "/b");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"Get-CwLogGroup '{root}/*' | Set-CwLogGroup -RetentionInDays 14 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { (root + "/a", 14), (root + "/b", 14) }, result.Objects<LogGroup>().Select(g => (g.LogGroupName, g.RetentionInDays ?? 0)));
        Assert.Equal(14, Store.FindGroup(root + "/b")!.RetentionInDays);
        Assert.Empty(ps.Run($"Set-CwLogGroup {root}/a -RetentionInDays 90").Output);
        Assert.Equal(90, Store.FindGroup(root + "/a")!.RetentionInDays);
    }

    [Fact]
    public void SetLogGroupRemovesRetentionAndAddsTagsOrOnlyAddsTags()
    {
        var name = NewGroup("tags");
        Store.FindGroup(name)!.RetentionInDays = 7;
        using var ps = new HostedPowerShell(_emulator);

        var removed = Assert.Single(ps.Run($"Set-CwLogGroup {name} -RemoveRetention -Tag @{{ owner = 'ops' }} -PassThru").Objects<LogGroup>());
        Assert.Null(removed.RetentionInDays);
        Assert.Equal("owner=ops", removed.Tags!.ToString());

        var tagged = ps.Run($"Set-CwLogGroup {name} -Tag @{{ owner = 'finance'; team = 'a' }} -PassThru");
        Assert.Empty(tagged.Errors);
        Assert.Equal("owner=finance; team=a", Assert.Single(tagged.Objects<LogGroup>()).Tags!.ToString());
        Assert.Null(Store.FindGroup(name)!.RetentionInDays);
    }

    [Fact]
    public void SetLogGroupReportsEachMissingGroupAndChangesTheOthers()
    {
        var name = NewGroup("some");
        var missing = Unique("missing");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"Set-CwLogGroup {missing}, {name} -RetentionInDays 60; Set-CwLogGroup {missing} -Tag @{{ a = 'b' }}");

        Assert.Equal(60, Store.FindGroup(name)!.RetentionInDays);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("ResourceNotFound,CloudWatcher.PowerShell.Commands.SetCwLogGroupCommand", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.Equal(missing, e.TargetObject);
            Assert.Contains(missing, e.ErrorDetails!.Message);
        });
    }

    [Fact]
    public void SetLogGroupWithWhatIfSendsNothing()
    {
        var name = NewGroup("setwhatif");
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;
        ps.Run($"Set-CwLogGroup {name} -RetentionInDays 1 -Tag @{{ a = 'b' }} -WhatIf");
        Assert.Equal(before, _emulator.Server.Stats.Total);
        Assert.Null(Store.FindGroup(name)!.RetentionInDays);
        Assert.Contains("Set log group: keep events 1 days (older ones are deleted); add tags a=b", ps.Host.Text);
    }

    [Fact]
    public void SetLogGroupNeedsRetentionRemoveRetentionOrTags()
    {
        using var ps = new HostedPowerShell(_emulator);
        var sets = ps.Run("(Get-Command Set-CwLogGroup).ParameterSets.Name").Output.Select(o => o.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "RemoveRetention", "Retention", "Tag" }, sets);
        var both = ps.RunExpectingTerminatingError("Set-CwLogGroup /x -RetentionInDays 7 -RemoveRetention");
        Assert.StartsWith("AmbiguousParameterSet,", both.FullyQualifiedErrorId);
    }

    // ---- Remove-CwLogGroup ------------------------------------------------------------------------

    [Fact]
    public void RemoveLogGroupDeletesExactNamesAndReportsEachMissingOne()
    {
        var a = NewGroup("rm-a", "s");
        var missing = Unique("rm-missing");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"Remove-CwLogGroup {missing}, {a} -Confirm:$false");

        Assert.Empty(result.Output);
        Assert.Null(Store.FindGroup(a));
        var error = Assert.Single(result.Errors);
        Assert.Equal("ResourceNotFound,CloudWatcher.PowerShell.Commands.RemoveCwLogGroupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(missing, error.TargetObject);
    }

    [Fact]
    public void RemoveLogGroupResolvesWildcardsAndNamesEachGroupForWhatIf()
    {
        var root = Unique("rmwild");
        foreach (var n in new[] { "tmp-1", "tmp-2", "keep" })
        {
            Store.TryCreateGroup($"{root}/{n}");
        }
        using var ps = new HostedPowerShell(_emulator);
        var deletes = Calls("DeleteLogGroup");

        var preview = ps.Run($"Remove-CwLogGroup '{root}/tmp-*' -WhatIf");

        Assert.Empty(preview.Errors);
        Assert.Equal(deletes, Calls("DeleteLogGroup"));
        Assert.Contains($"on target \"{root}/tmp-1\"", ps.Host.Text);
        Assert.Contains($"on target \"{root}/tmp-2\"", ps.Host.Text);
        Assert.DoesNotContain($"on target \"{root}/keep\"", ps.Host.Text);

        var none = ps.Run($"Remove-CwLogGroup '{root}/nothing*' -Confirm:$false");
        Assert.Empty(none.Errors);

        var removed = ps.Run($"Remove-CwLogGroup '{root}/tmp-*' -Confirm:$false -PassThru");
        Assert.Equal(new[] { $"{root}/tmp-1", $"{root}/tmp-2" }, removed.Objects<string>());
        Assert.Equal(deletes + 2, Calls("DeleteLogGroup"));
        Assert.Equal(new[] { $"{root}/keep" }, Store.Groups().Select(g => g.Name).Where(n => n.StartsWith(root, StringComparison.Ordinal)));
    }

    [Fact]
    public void RemoveLogGroupTakesGroupsFromGetCwLogGroupAndAsksFirstByDefault()
    {
        var root = Unique("rmpipe");
        Store.TryCreateGroup(root + "/a");
        Store.TryCreateGroup(root + "/b");
        using var ps = new HostedPowerShell(_emulator);
        var deletes = Calls("DeleteLogGroup");

        // ConfirmImpact High: without -Confirm:$false the command asks, and this test host cannot answer.
        var asked = ps.Run($"try {{ Get-CwLogGroup '{root}/*' | Remove-CwLogGroup }} catch {{ $_ }}");
        Assert.Contains(asked.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Concat(asked.Errors), e => e.ToString().Contains("not interactive", StringComparison.Ordinal)
            || e.Exception is System.Management.Automation.Host.HostException or NotSupportedException || e.Exception.InnerException is NotSupportedException);
        Assert.Equal(deletes, Calls("DeleteLogGroup"));

        ps.Run($"Get-CwLogGroup '{root}/*' | Remove-CwLogGroup -Confirm:$false");
        Assert.Empty(Store.Groups().Where(g => g.Name.StartsWith(root, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Remove-CwLogGroup", "High")]
    [InlineData("Remove-CwLogStream", "High")]
    [InlineData("New-CwLogGroup", "Medium")]
    [InlineData("Set-CwLogGroup", "Medium")]
    [InlineData("New-CwLogStream", "Medium")]
    public void EveryLifecycleCmdletSupportsShouldProcessWithItsImpact(string command, string impact)
    {
        using var ps = new HostedPowerShell(_emulator);
        var attribute = ps.Run($"(Get-Command {command}).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]")
            .Objects<CmdletAttribute>().Single();
        Assert.True(attribute.SupportsShouldProcess);
        Assert.Equal(impact, attribute.ConfirmImpact.ToString());
    }

    // ---- New-CwLogStream / Remove-CwLogStream -----------------------------------------------------

    [Fact]
    public void NewLogStreamCreatesStreamsAndWritesThem()
    {
        var group = NewGroup("streams", "exists");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"'a', 'exists', 'b' | New-CwLogStream -LogGroupName {group}");

        Assert.Equal(new[] { "a", "b" }, result.Objects<LogStream>().Select(s => s.LogStreamName));
        Assert.All(result.Objects<LogStream>(), s => Assert.Equal(group, s.LogGroupName));
        var error = Assert.Single(result.Errors);
        Assert.Equal("ResourceAlreadyExists,CloudWatcher.PowerShell.Commands.NewCwLogStreamCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("exists", error.TargetObject);
    }

    [Fact]
    public void NewLogStreamTakesTheGroupFromNewCwLogGroupAndReportsAMissingGroupPerStream()
    {
        var group = Unique("chain");
        var missing = Unique("nogroup");
        using var ps = new HostedPowerShell(_emulator);

        var chained = ps.Run($"New-CwLogGroup {group} | New-CwLogStream -LogStreamName s1, s2");
        Assert.Equal(new[] { "s1", "s2" }, chained.Objects<LogStream>().Select(s => s.LogStreamName));

        var result = ps.Run($"New-CwLogStream {missing} s1, s2");
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
    }

    [Fact]
    public void NewLogStreamWithWhatIfSendsNothing()
    {
        var group = NewGroup("streamwhatif");
        using var ps = new HostedPowerShell(_emulator);
        var before = _emulator.Server.Stats.Total;
        ps.Run($"New-CwLogStream {group} s1 -WhatIf");
        Assert.Equal(before, _emulator.Server.Stats.Total);
        Assert.Contains($"on target \"{group}: s1\"", ps.Host.Text);
    }

    [Fact]
    public void RemoveLogStreamDeletesByWildcardAndFromGetCwLogStream()
    {
        var group = NewGroup("rmstreams", "run-1", "run-2", "keep", "other");
        using var ps = new HostedPowerShell(_emulator);

        var result = ps.Run($"Remove-CwLogStream {group} 'run-*', missing -Confirm:$false -PassThru");
        Assert.Equal(new[] { "run-1", "run-2" }, result.Objects<string>());
        Assert.Equal(new[] { "keep", "other" }, Store.FindGroup(group)!.Streams().Select(s => s.Name));
        var error = Assert.Single(result.Errors);
        Assert.Equal("ResourceNotFound,CloudWatcher.PowerShell.Commands.RemoveCwLogStreamCommand", error.FullyQualifiedErrorId);
        Assert.Equal("missing", error.TargetObject);

        var before = _emulator.Server.Stats.Count("DeleteLogStream");
        ps.Run($"Get-CwLogStream {group} | Remove-CwLogStream -WhatIf");
        Assert.Equal(before, _emulator.Server.Stats.Count("DeleteLogStream"));
        Assert.Contains($"on target \"{group}: keep\"", ps.Host.Text);

        ps.Run($"Get-CwLogStream {group} -Name keep | Remove-CwLogStream -Confirm:$false");
        Assert.Equal(new[] { "other" }, Store.FindGroup(group)!.Streams().Select(s => s.Name));
    }

    // ---- completion -------------------------------------------------------------------------------

    [Fact]
    public void RetentionDaysCompleteWithWhatTheyAmountTo()
    {
        using var ps = new HostedPowerShell(_emulator);
        var result = ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", "Set-CwLogGroup /x -RetentionInDays 3"));
        var matches = result.Objects<CompletionResult>().ToList();
        Assert.Equal(new[] { "3", "30", "365", "3288", "3653" }, matches.Select(m => m.CompletionText));
        Assert.Equal("1 month", matches[1].ToolTip);
        var all = ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", "New-CwLogGroup /x -RetentionInDays "));
        Assert.Equal(22, all.Output.Count);
    }

    [Fact]
    public void GroupAndStreamNamesCompleteAndACreatedGroupIsOfferedAtOnce()
    {
        var root = Unique("complete");
        using var ps = new HostedPowerShell(_emulator);
        ps.Run("[CloudWatcher.PowerShell.Infrastructure.LogGroupNameCompleter]::ClearCache()");
        Assert.Empty(ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", $"Remove-CwLogGroup {root}")).Output);

        ps.Run($"New-CwLogGroup {root}/a | New-CwLogStream -LogStreamName s1");
        var groups = ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", $"Set-CwLogGroup {root}"));
        Assert.Equal(new[] { root + "/a" }, groups.Objects<CompletionResult>().Select(c => c.CompletionText));
        var streams = ps.Run("(TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches", ("s", $"Remove-CwLogStream {root}/a s"));
        Assert.Equal(new[] { "s1" }, streams.Objects<CompletionResult>().Select(c => c.CompletionText));
    }
}
