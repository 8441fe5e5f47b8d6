# The user's view of the CloudWatch protocols: the default (JSON 1.0) against the emulator, the fallback against a
# server that speaks only awsQuery, the variable that forces one, and the clear error when JSON is forced against a
# query-only server.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Shared.ps1')
    $QueryOnly = Start-Emulator -ArgumentList '--cloudwatch-protocols', 'query'
    $SavedProtocol = $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL
}

AfterAll {
    Stop-Emulator $QueryOnly
    $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = $SavedProtocol
}

Describe 'CloudWatch protocols' {
    AfterEach { $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = $SavedProtocol }

    It 'reads metrics from the emulator in <_>' -ForEach 'auto', 'json', 'query' {
        $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = $_
        $series = Get-CwMetric -Preset nephele_mem -InstanceId $DemoInstance -Hours 1
        $series.Count | Should -BeGreaterOrEqual 59
        @(Find-CwMetric -Namespace $DemoNamespace -MetricName mem_used).Count | Should -Be 2
    }

    It 'falls back to awsQuery against a server that speaks only that' {
        $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = $null
        $series = Get-CwMetric -Preset nephele_mem -InstanceId $DemoInstance -Hours 1 -EndpointUrl $QueryOnly.Endpoint
        $series.Count | Should -BeGreaterOrEqual 59
        @(Find-CwMetric -Namespace $DemoNamespace -EndpointUrl $QueryOnly.Endpoint).Count | Should -BeGreaterThan 10
    }

    It 'stops with CloudWatchProtocolNotSpoken when JSON is forced against a query-only server' {
        $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = 'json'
        # A new endpoint spelling, so nothing learned about the server earlier in this process applies.
        $endpoint = $QueryOnly.Endpoint -replace '127\.0\.0\.1', 'localhost'
        $thrown = { Find-CwMetric -Namespace $DemoNamespace -EndpointUrl $endpoint } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'CloudWatchProtocolNotSpoken,*'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $thrown.Exception.Message | Should -Match 'CLOUDWATCHER_CLOUDWATCH_PROTOCOL to auto'
    }

    It 'refuses a protocol name it does not know' {
        $env:CLOUDWATCHER_CLOUDWATCH_PROTOCOL = 'cbor'
        $thrown = { Find-CwMetric -Namespace $DemoNamespace } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'InvalidProtocol,*'
        $thrown.Exception.Message | Should -Match 'auto, json or query'
    }
}
