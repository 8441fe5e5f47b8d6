using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes statistic names: the standard ones and common percentiles.</summary>
public sealed class StatisticCompleter : IArgumentCompleter
{
    private static readonly string[] Names = { "Average", "Maximum", "Minimum", "Sum", "SampleCount", "p50", "p90", "p95", "p99", "p99.9" };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Names.Where(pattern.IsMatch).Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}

/// <summary>Validates -Period against CloudWatch's rule (1, 5, 10, 30 or a multiple of 60) at binding time.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidatePeriodAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var period = LanguagePrimitives.ConvertTo<int>(arguments);
        try
        {
            CloudWatcher.Metrics.Periods.Validate(period);
        }
        catch (ArgumentException ex)
        {
            throw new ValidationMetadataException(ex.Message, ex);
        }
    }
}
