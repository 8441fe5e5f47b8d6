namespace CloudWatcher;

/// <summary>
/// What a Write-CwLog or Send-CwLogSpool run did for one log stream: events stored, calls and bytes, what was not
/// sent and why, what is left in the spool, and what the resend of spooled events found.
/// </summary>
public sealed class LogWriteSummary
{
    public string LogGroupName { get; init; } = "";

    public string LogStreamName { get; init; } = "";

    /// <summary>Events the service stored (rejected ones not counted).</summary>
    public long EventsSent { get; init; }

    /// <summary>PutLogEvents calls answered (with -WhatIf: the calls it would make).</summary>
    public long Calls { get; init; }

    /// <summary>The calls' size as PutLogEvents counts it: UTF-8 message bytes plus 26 per event.</summary>
    public long Bytes { get; init; }

    /// <summary>Events the service refused as too old, too new or past the group's retention (each reported as an error).</summary>
    public long Rejected { get; init; }

    /// <summary>Events over the 1 MB event limit that were not sent (each reported as an error).</summary>
    public long Oversize { get; init; }

    /// <summary>Events cut to the limit and sent (-Truncate), each with a warning.</summary>
    public long Truncated { get; init; }

    /// <summary>Empty messages (null or "") that were not sent: CloudWatch Logs refuses them.</summary>
    public long Skipped { get; init; }

    /// <summary>Events kept in the spool, not yet acknowledged by the service (sent later by Send-CwLogSpool).</summary>
    public long Spooled { get; init; }

    /// <summary>Spooled events (of earlier runs) sent in this run.</summary>
    public long Resent { get; init; }

    /// <summary>Spooled events whose call was out when an earlier run ended, found already stored (so not sent again).</summary>
    public long AlreadyDelivered { get; init; }

    /// <summary>Spooled events sent again although they may have been stored already (their arrival could not be checked).</summary>
    public long PossibleDuplicates { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>True for a -WhatIf run: nothing was sent, the numbers are what would be.</summary>
    public bool WhatIf { get; init; }

    /// <summary>The spool folder of this stream, when events are left in it.</summary>
    public string? SpoolPath { get; init; }

    /// <summary>Bytes in binary units ("0 B", "1.5 KiB"), for the default view.</summary>
    public string FormatBytes() => UnitFormatter.Format(Bytes, "Bytes");

    public override string ToString() => $"{LogGroupName} / {LogStreamName}: {EventsSent} sent in {Calls} calls";
}

/// <summary>The spooled events of one log stream (Get-CwLogSpool): events waiting, their times, and the spool files.</summary>
public sealed class LogSpoolEntry
{
    public LogSpoolEntry(string logGroupName, string logStreamName, string region, string? endpoint, long events, long inDoubt,
        DateTime? oldestEvent, DateTime? newestEvent, int files, int filesInUse, int filesDamaged, string path)
    {
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
        Region = region;
        Endpoint = endpoint;
        Events = events;
        InDoubt = inDoubt;
        OldestEvent = oldestEvent;
        NewestEvent = newestEvent;
        Files = files;
        FilesInUse = filesInUse;
        FilesDamaged = filesDamaged;
        Path = path;
    }

    public string LogGroupName { get; }

    public string LogStreamName { get; }

    public string Region { get; }

    /// <summary>The endpoint override the events are for (null: AWS's endpoint of the region).</summary>
    public string? Endpoint { get; }

    /// <summary>Events waiting to be sent (in files not in use).</summary>
    public long Events { get; }

    /// <summary>Of those, events whose call was out when the writer ended: they may have arrived (the resend checks).</summary>
    public long InDoubt { get; }

    /// <summary>The oldest and newest timestamps (UTC) of the waiting events.</summary>
    public DateTime? OldestEvent { get; }

    public DateTime? NewestEvent { get; }

    public int Files { get; }

    /// <summary>Files held by a running Write-CwLog or Send-CwLogSpool (their events are not counted).</summary>
    public int FilesInUse { get; }

    /// <summary>Files that could not be read (each reported with a warning).</summary>
    public int FilesDamaged { get; }

    /// <summary>The stream's spool folder.</summary>
    public string Path { get; }

    public override string ToString() => $"{LogGroupName} / {LogStreamName}: {Events} events";
}
