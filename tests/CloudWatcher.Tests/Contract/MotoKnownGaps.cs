namespace CloudWatcher.Tests.Contract;

/// <summary>
/// Where moto 5.2.1 does not behave like AWS, case by case (see <see cref="KnownGapsAttribute"/>): each failed against
/// moto, and the reason names what moto does instead, as read in moto's own code (moto/logs, moto/cloudwatch). Our
/// client is not the cause of any. MotoKnownGapsTests checks that every name is still a contract case.
/// </summary>
public sealed class MotoKnownGapsAttribute : KnownGapsAttribute
{
    public static readonly IReadOnlyDictionary<string, string> List = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // CloudWatch Logs
        ["ALogGroupNameOutsideTheAllowedCharactersIsInvalid"] = "moto's CreateLogGroup does not check the name against the allowed characters; it creates the group",
        ["ALogStreamNameWithAColonOrAStarIsInvalid"] = "moto's CreateLogStream does not check the name; it creates the stream",
        ["EventsTooOldOrTooNewAreRejectedByIndexAndNotStored"] = "moto's PutLogEvents sets tooNewLogEventStartIndex to the last too-new event's index, not the first's",
        ["StartTimeIsInclusiveAndEndTimeExclusive"] = "moto's GetLogEvents includes events at endTime (AWS: endTime is exclusive)",
        ["StreamsAreInterleavedByTimestampWithStreamNamesAndEventIds"] = "moto's FilterLogEvents returns the streams one after another unless the deprecated interleaved=true is sent (AWS always interleaves)",
        ["NextTokensPageThroughEveryMatchOnceAndTheLastPageHasNone"] = "moto's FilterLogEvents pages through the streams one after another, not interleaved by time (see the case above)",
        ["StreamNamesOrAPrefixChooseTheStreams"] = "moto's FilterLogEvents ignores logStreamNamePrefix and returns every stream",
        ["StreamNamesAndAPrefixTogetherAreInvalid"] = "moto's FilterLogEvents ignores logStreamNamePrefix, so it does not refuse it beside logStreamNames",
        ["TermPatternsMatchCaseSensitiveSubstrings(pattern: \"?timeout ?WARN\", expected: [1, 4])"] = "moto's filter patterns have no ?term (OR): a pattern starting with '?' matches every event",
        ["TermPatternsMatchCaseSensitiveSubstrings(pattern: \"ERROR -timeout\", expected: [0, 3])"] = "moto's filter patterns have no -term (exclusion): '-timeout' is taken as a term to match, so nothing matches",
        ["ABatchOfExactly1048576BytesIsTakenAndOneByteMoreIsInvalid"] = "moto's PutLogEvents checks only the order and the age of events, not the 1,048,576-byte call limit; it stores the larger call",
        ["ABatchOf10001EventsIsInvalid"] = "moto's PutLogEvents does not check the 10,000-event call limit; it stores all 10,001",
        ["ABatchSpanningMoreThan24HoursIsInvalid"] = "moto's PutLogEvents does not check the 24-hour span of a call; it stores it",
        ["APatternMatchesGroupsContainingItAndCannotBeCombinedWithAPrefix"] = "moto's DescribeLogGroups ignores logGroupNamePattern and returns every group",
        ["ABatchOfExactly1048576BytesIsAcceptedAndOneByteMoreIsInvalid"] = "moto's PutLogEvents does not count the batch's bytes; it stores a batch over 1,048,576 bytes",
        ["OneEventOf1048550MessageBytesIsAcceptedAndALargerOneIsInvalid"] = "moto's PutLogEvents does not check an event's size; it stores an event over 1,048,576 bytes",
        ["TenThousandEventsAreAcceptedAndTenThousandAndOneAreInvalid"] = "moto's PutLogEvents does not count the events; it stores 10,001",
        ["AnEmptyMessageIsInvalid"] = "moto's PutLogEvents stores an event with an empty message",
        ["AnEmptyBatchIsInvalid"] = "moto's PutLogEvents accepts a batch without events",
        ["ABatchSpanningMoreThan24HoursIsInvalidAndNothingIsStored"] = "moto's PutLogEvents does not check the batch's time span; it stores events 24.5 hours apart",
        ["ARetentionOutsideTheAllowedDaysIsInvalid"] = "moto's PutRetentionPolicy stores any number of days (set_retention_policy does not check the allowed values)",
        ["EventsOlderThanTheRetentionAreGoneFromReadsAndStoredBytes"] = "moto keeps the retention only to describe it: GetLogEvents, FilterLogEvents and storedBytes still include events older than it",
        ["EventsBeforeTheRetentionArePutAsExpiredByIndexAndNotStored"] = "moto's PutLogEvents ignores the group's retention: it never sets expiredLogEventEndIndex and stores the expired events",
        ["TagsOfAMissingGroupAreNotFound"] = "moto's TagResource tags, and ListTagsForResource lists, any ARN (its TaggingService does not check that the resource exists)",
        ["TheClassAGroupIsCreatedWithIsDescribedAndStandardIsTheDefault"] = "moto's DescribeLogGroups does not return logGroupClass",

        // CloudWatch
        ["APutMetricIsListedInItsNamespaceWithItsDimensions"] = "moto keeps the same dimensions given in another order as another metric (its Dimension.__lt__ compares a value with a name, so sorting does not normalise the order) and lists it twice",
        ["TheAwsNamespacesAreReserved"] = "moto's PutMetricData accepts namespaces starting with AWS/",
        ["ANonFiniteValueIsRefused"] = "moto's PutMetricData refuses NaN but accepts Infinity",
        ["ATimestampMoreThanTwoWeeksOldOrTwoHoursAheadIsRefused"] = "moto's PutMetricData does not check timestamps; it stores data from any time",
        ["MaximumAndSampleCountComeBackPerMinuteAtTheMinutesPut"] = "moto's GetMetricData misses data put with the dimensions in another order (see APutMetricIsListed…) and, when a query has dimensions, ignores its namespace: it adds up the same metric from other tests' namespaces",
        ["SumAverageAndMinimumAggregateValuesCountsAndStatisticValues"] = "moto's GetMetricData misses data put with the dimensions in another order and adds in the same metric from other namespaces (see MaximumAndSampleCount…)",
        ["ScanningDescendingGivesTheNewestFirst"] = "moto's GetMetricData misses the minute put with the dimensions in another order (see MaximumAndSampleCount…)",
        ["TheRangeStartsInclusiveAndEndsExclusive"] = "the one minute in range was put with the dimensions in another order, which moto's GetMetricData does not find (see MaximumAndSampleCount…)",
        ["AUnitOtherThanTheDataHasReturnsNoDatapoints"] = "moto's GetMetricData misses the minute put with the dimensions in another order (see MaximumAndSampleCount…)",
        ["MaxDatapointsPagesWithNextTokenAndPartialDataUntilEveryPointIsReadOnce"] = "moto's GetMetricData ignores MaxDatapoints: one page with every point, no NextToken, no PartialData",
        ["LabelsDefaultToTheMetricNameAndQueriesNotReturningDataAreLeftOut"] = "moto's GetMetricData labels a query without a label \"<metric> <stat>\" (AWS: the metric name)",
        ["ABadPeriodIdOrRangeIsRefused(period: 45, id: \"maxq\", rangeMinutes: 5)"] = "moto's GetMetricData accepts a period that is not a multiple of 60",
        ["ABadPeriodIdOrRangeIsRefused(period: 60, id: \"Upper\", rangeMinutes: 5)"] = "moto's GetMetricData accepts a query id that does not start with a lower-case letter",

        // CloudWatch: publishing limits and aggregation (issue 13)
        ["AThousandDatumsAreTakenInOneCallAndAThousandAndOneRefused"] = "moto's server answers HTTP 500 to a gzip-compressed body (moto_server/utilities.py already wraps the stream in a GzipFile, then core/responses.py gunzips it again: BadGzipFile), and a call of 1,000 datums is over the 10 KiB from which SDKs compress; nor does moto check the 1,000-datum limit",
        ["ABodyOverOneMebibyteIsRefusedAsTooLargeAndOneUnderItIsTaken"] = "moto's server answers HTTP 500 to a gzip-compressed body (see AThousandDatums…), and has no request size limit",
        ["AHundredAndFiftyValuesAreTakenInADatumAndAHundredAndFiftyOneRefused"] = "moto's PutMetricData does not check the number of Values (it stores each value Counts times)",
        ["ThirtyDimensionsAreTakenAndThirtyOneRefused"] = "moto's PutMetricData does not check the number of dimensions",
        ["AStorageResolutionOtherThan1Or60IsRefused"] = "moto's PutMetricData ignores StorageResolution: any value is taken",
        ["NaNInfinitiesAndValuesBeyond2To360AreRefusedInValuesToo(bad: -Infinity)"] = "moto's PutMetricData refuses NaN only (math.isnan); infinities are stored",
        ["NaNInfinitiesAndValuesBeyond2To360AreRefusedInValuesToo(bad: 4.6999999999999996E+108)"] = "moto's PutMetricData does not check the ±2^360 range",
        ["NaNInfinitiesAndValuesBeyond2To360AreRefusedInValuesToo(bad: -4.6999999999999996E+108)"] = "moto's PutMetricData does not check the ±2^360 range",
        ["ADatumWithoutAValueIsMissingAParameter"] = "moto's PutMetricData stores a datum without Value, Values or StatisticValues as the value 0",
        ["AValueAndValuesInOneDatumAreRefused"] = "moto's PutMetricData refuses Value with Values as InvalidParameterValue (AWS: InvalidParameterCombination, as for Value with StatisticValues)",
        ["PercentilesComeFromValuesWeightedByTheirCounts"] = "moto's GetMetricData computes no percentiles (Statistics.get_statistics_for_type returns None for pNN) and answers HTTP 500 when it writes that None",
        ["StatisticValuesGiveNoPercentilesUnlessTheirValuesAreAllEqual"] = "moto's GetMetricData computes no percentiles (see PercentilesComeFrom…)",
        ["HighResolutionDataIsReadPerSecondAndStandardDataPerMinute"] = "moto ignores StorageResolution and keeps every timestamp as sent, so standard-resolution data read at a 1-second period comes back per second (AWS keeps it per minute)",
        ["PeriodsUnderAMinuteReadOnlyTheLastThreeHours"] = "moto's GetMetricData has no retention: sub-minute periods read data of any age (AWS: the last 3 hours)",
    };

    public override IReadOnlyDictionary<string, string> Gaps => List;
}
