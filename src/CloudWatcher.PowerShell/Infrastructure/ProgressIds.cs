using CloudWatcher.Diagnostics;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>The one table of progress activity ids and titles ("CW" in the high bytes, so they do not collide with other modules').</summary>
internal static class ProgressIds
{
    public static (int Id, string Title) For(ProgressActivity activity) => activity switch
    {
        ProgressActivity.ListingMetrics => (0x43570001, "Listing CloudWatch metrics"),
        ProgressActivity.ReadingMetrics => (0x43570002, "Reading CloudWatch metrics"),
        ProgressActivity.ListingLogGroups => (0x43570003, "Listing CloudWatch Logs log groups"),
        ProgressActivity.ListingLogStreams => (0x43570004, "Listing CloudWatch Logs log streams"),
        ProgressActivity.ReadingLogEvents => (0x43570005, "Reading log events"),
        ProgressActivity.WatchingLogEvents => (0x43570006, "Watching log events"),
        ProgressActivity.WritingLogEvents => (0x43570007, "Writing log events"),
        ProgressActivity.SendingSpooledLogEvents => (0x43570008, "Sending spooled log events"),
        ProgressActivity.PublishingMetrics => (0x43570009, "Publishing CloudWatch metrics"),
        ProgressActivity.ExportingLogEvents => (0x4357000A, "Exporting log events"),
        _ => (0x435700FF, activity.ToString()),
    };
}
