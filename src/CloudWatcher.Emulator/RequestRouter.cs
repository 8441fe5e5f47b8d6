using System.Text;
using CloudWatcher.Emulator.Auth;
using CloudWatcher.Emulator.Ec2;
using CloudWatcher.Emulator.Faults;
using CloudWatcher.Emulator.Logs;
using CloudWatcher.Emulator.Metrics;
using CloudWatcher.Emulator.Metrics.Wire;
using CloudWatcher.Emulator.Protocol;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Emulator;

/// <summary>
/// Routes a request by what the client declares, never by guessing from the body: an <c>X-Amz-Target</c> of
/// <c>Logs_20140328.*</c> is Logs (JSON 1.1), <c>GraniteServiceVersion20100801.*</c> is CloudWatch over JSON 1.0 (another
/// target goes by the SigV4 credential scope: "monitoring" is CloudWatch, else Logs); without a target, a form post
/// is EC2 (scope "ec2", or Version=2016-11-15 when unsigned) or CloudWatch over awsQuery. smithy-rpc-v2-cbor requests
/// are refused with a clear error. The SigV4 check runs for every service with its own scope.
/// </summary>
internal sealed class RequestRouter
{
    private const string LogsPrefix = "Logs_20140328.";
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly LogsHandler _logs;
    private readonly MetricsHandler _metrics;
    private readonly Ec2Handler _ec2;
    private readonly SigV4Check _auth;
    private readonly EmulatorStats _stats;
    private readonly TimeSpan _delay;
    private readonly CloudWatchProtocols _cloudWatchProtocols;
    private volatile FaultInjector? _faults;
    private FaultPlan? _faultPlan;

    public RequestRouter(LogsStore logs, MetricStore metrics, Ec2Store ec2, EmulatorOptions options, EmulatorStats stats)
    {
        _logs = new LogsHandler(logs, new EmfExtractor(metrics, stats));
        _metrics = new MetricsHandler(metrics);
        _ec2 = new Ec2Handler(ec2);
        _auth = new SigV4Check(options.AccessKey, options.SecretKey);
        _stats = stats;
        _delay = options.ResponseDelay;
        _cloudWatchProtocols = options.CloudWatchProtocols;
        Faults = options.Faults;
    }

    /// <summary>The active fault plan; setting it (re)starts the per-rule request counters.</summary>
    public FaultPlan? Faults
    {
        get => _faultPlan;
        set
        {
            _faults = value is { Rules.Count: > 0 } ? new FaultInjector(value) : null;
            _faultPlan = value;
        }
    }

    public async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        string requestId = Guid.NewGuid().ToString();
        var ct = ctx.RequestAborted;

        if (HttpMethods.IsGet(request.Method) && request.Path == "/health")
        {
            await WriteAsync(ctx, 200, "text/plain", "ok"u8.ToArray(), requestId, null, ct);
            return;
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, ct);
        }
        catch (InvalidDataException)
        {
            await WriteAsync(ctx, 413, "text/xml", QueryShapeWriter.Error(new ServiceError("RequestEntityTooLarge", "Request body too large", 413), requestId), requestId, null, ct);
            return;
        }

        string target = request.Headers["X-Amz-Target"].ToString();
        if (IsCbor(request))
            await RefuseCborAsync(ctx, requestId, ct);
        else if (target.Length == 0)
            await HandleQueryAsync(ctx, body, requestId, ct);
        else if (IsCloudWatchTarget(request, target) && _cloudWatchProtocols.HasFlag(CloudWatchProtocols.Json))
            await HandleCloudWatchJsonAsync(ctx, target, body, requestId, ct);
        else if (IsCloudWatchTarget(request, target))
            await HandleQueryAsync(ctx, body, requestId, ct); // a server that knows only awsQuery: no Action in a JSON body
        else
            await HandleLogsAsync(ctx, target, body, requestId, ct);
    }

    private static bool IsCloudWatchTarget(HttpRequest request, string target) =>
        target.StartsWith(CloudWatchJson.TargetPrefix, StringComparison.Ordinal)
        || (!target.StartsWith(LogsPrefix, StringComparison.Ordinal) && SigV4Check.ScopeService(request) == "monitoring");

    private static bool IsCbor(HttpRequest request) =>
        request.Headers["smithy-protocol"].ToString() == "rpc-v2-cbor"
        || request.ContentType?.StartsWith("application/cbor", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>smithy-rpc-v2-cbor is not spoken: say so, in JSON, rather than fail to parse.</summary>
    private Task RefuseCborAsync(HttpContext ctx, string requestId, CancellationToken ct)
    {
        _stats.Record("(cbor)");
        var e = new ServiceError("UnsupportedProtocolException",
            "The CloudWatcher emulator speaks CloudWatch over JSON 1.0 and awsQuery, not smithy-rpc-v2-cbor: configure the client for the json or query protocol.", 415);
        return WriteAsync(ctx, e.Status, CloudWatchJson.ContentType, CloudWatchJson.Error(e), requestId, null, ct);
    }

    private async Task HandleCloudWatchJsonAsync(HttpContext ctx, string target, byte[] body, string requestId, CancellationToken ct)
    {
        string op = target.StartsWith(CloudWatchJson.TargetPrefix, StringComparison.Ordinal) ? target[CloudWatchJson.TargetPrefix.Length..] : target;
        _stats.Record(op);
        if (ContentEncoding.IsGzip(ctx.Request)) _stats.RecordGzip(op);
        const string contentType = CloudWatchJson.ContentType;
        if (await TryInjectFaultAsync(ctx, op, WireProtocol.CloudWatchJson, contentType, () =>
                {
                    var decoded = ContentEncoding.Decode(ctx.Request, body, MaxBodyBytes);
                    return _metrics.Handle(op, CloudWatchJson.Flatten(decoded), decoded.Length, requestId, CloudWatchWireFormat.Json);
                }, requestId, ct)) return;
        try
        {
            _auth.Check(ctx.Request, body, "monitoring", AuthFlavor.Query); // the signature covers the body as sent
            if (!target.StartsWith(CloudWatchJson.TargetPrefix, StringComparison.Ordinal) || !MetricsHandler.IsKnown(op))
                throw new ServiceError("UnknownOperationException", $"Operation {op} is not supported by the emulator.");
            var decoded = ContentEncoding.Decode(ctx.Request, body, MaxBodyBytes);
            var result = _metrics.Handle(op, CloudWatchJson.Flatten(decoded), decoded.Length, requestId, CloudWatchWireFormat.Json);
            await WriteAsync(ctx, 200, contentType, result, requestId, null, ct);
        }
        catch (ServiceError e)
        {
            await WriteAsync(ctx, e.Status, contentType, CloudWatchJson.Error(e), requestId, null, ct, CloudWatchJson.QueryError(e));
        }
    }

    private async Task HandleLogsAsync(HttpContext ctx, string target, byte[] body, string requestId, CancellationToken ct)
    {
        string op = target.StartsWith(LogsPrefix, StringComparison.Ordinal) ? target[LogsPrefix.Length..] : target;
        _stats.Record(op);
        if (ctx.Request.Headers["x-amzn-logs-format"].ToString() is { Length: > 0 } logFormat) _stats.RecordLogFormat(logFormat);
        const string contentType = "application/x-amz-json-1.1";
        if (await TryInjectFaultAsync(ctx, op, WireProtocol.Logs, contentType, () => _logs.Handle(op, body), requestId, ct)) return;
        try
        {
            _auth.Check(ctx.Request, body, "logs", AuthFlavor.Json);
            if (!target.StartsWith(LogsPrefix, StringComparison.Ordinal) || !LogsHandler.IsKnown(op))
                throw new ServiceError("UnknownOperationException", $"Operation {op} is not supported by the emulator.");
            var result = _logs.Handle(op, body);
            await WriteAsync(ctx, 200, contentType, result, requestId, null, ct);
        }
        catch (ServiceError e)
        {
            await WriteAsync(ctx, e.Status, contentType, JsonResponse.Error(e), requestId, e.Code, ct);
        }
    }

    private async Task HandleQueryAsync(HttpContext ctx, byte[] body, string requestId, CancellationToken ct)
    {
        var request = ctx.Request;
        byte[] decoded;
        try
        {
            decoded = ContentEncoding.Decode(request, body, MaxBodyBytes);
        }
        catch (ServiceError e)
        {
            _stats.Record("(undecodable)");
            await WriteAsync(ctx, e.Status, "text/xml", QueryShapeWriter.Error(e, requestId), requestId, null, ct);
            return;
        }
        string form = decoded.Length > 0 ? Encoding.UTF8.GetString(decoded) : request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var q = QueryArgs.Parse(form);
        string? action = q.Get("Action");
        _stats.Record(action ?? "(none)");
        if (ContentEncoding.IsGzip(request)) _stats.RecordGzip(action ?? "(none)");
        if (IsEc2(request, q))
        {
            await HandleEc2Async(ctx, body, q, action, requestId, ct);
            return;
        }
        const string contentType = "text/xml";
        if (await TryInjectFaultAsync(ctx, action ?? "(none)", WireProtocol.CloudWatch, contentType,
                () => _metrics.Handle(action!, q, decoded.Length, requestId, CloudWatchWireFormat.Query), requestId, ct)) return;
        try
        {
            _auth.Check(request, body, "monitoring", AuthFlavor.Query);
            if (!_cloudWatchProtocols.HasFlag(CloudWatchProtocols.Query))
                throw new ServiceError("InvalidAction", "This emulator was started without the awsQuery protocol (--cloudwatch-protocols json).");
            if (string.IsNullOrEmpty(action))
                throw new ServiceError("MissingAction", "Request is missing Action parameter.");
            if (!MetricsHandler.IsKnown(action))
                throw new ServiceError("InvalidAction", $"Could not find operation {action} for version 2010-08-01");
            string? version = q.Get("Version");
            if (version is not null && version != "2010-08-01")
                throw new ServiceError("InvalidAction", $"Could not find operation {action} for version {version}");
            var result = _metrics.Handle(action, q, decoded.Length, requestId, CloudWatchWireFormat.Query);
            await WriteAsync(ctx, 200, contentType, result, requestId, null, ct);
        }
        catch (ServiceError e)
        {
            await WriteAsync(ctx, e.Status, contentType, QueryShapeWriter.Error(e, requestId), requestId, null, ct);
        }
    }

    /// <summary>The SigV4 scope decides when it names a service; unsigned or unreadable requests go by API version.</summary>
    private static bool IsEc2(HttpRequest request, QueryArgs q) => SigV4Check.ScopeService(request) switch
    {
        "ec2" => true,
        "monitoring" => false,
        _ => q.Get("Version") == Ec2Response.Version,
    };

    private async Task HandleEc2Async(HttpContext ctx, byte[] body, QueryArgs q, string? action, string requestId, CancellationToken ct)
    {
        if (await TryInjectFaultAsync(ctx, action ?? "(none)", WireProtocol.Ec2, Ec2Response.ContentType,
                () => _ec2.Handle(action!, q, requestId), requestId, ct)) return;
        try
        {
            _auth.Check(ctx.Request, body, "ec2", AuthFlavor.Ec2);
            if (string.IsNullOrEmpty(action))
                throw new ServiceError("MissingAction", "The request must contain the parameter Action");
            if (!Ec2Handler.IsKnown(action)) throw Ec2Handler.InvalidAction(action);
            var result = _ec2.Handle(action, q, requestId);
            await WriteAsync(ctx, 200, Ec2Response.ContentType, result, requestId, null, ct);
        }
        catch (ServiceError e)
        {
            await WriteAsync(ctx, e.Status, Ec2Response.ContentType, Ec2Response.Error(e, requestId), requestId, null, ct);
        }
    }

    /// <summary>
    /// Test mode: answers the request with an injected fault instead of executing it. A dropped connection sends 200
    /// headers (with the full Content-Length) and part of the body, flushes, then aborts the connection. The body is cut
    /// from the real answer for read-only operations, a placeholder otherwise (the operation never runs).
    /// </summary>
    private async Task<bool> TryInjectFaultAsync(HttpContext ctx, string op, WireProtocol protocol, string contentType,
        Func<ReadOnlyMemory<byte>> readOnlyAnswer, string requestId, CancellationToken ct)
    {
        if (_faults?.Next(op) is not { } kind) return false;
        _stats.RecordFault(kind, op);
        if (kind != FaultKind.Drop)
        {
            var e = FaultResponses.Error(kind, protocol);
            var payload = protocol switch
            {
                WireProtocol.Logs => JsonResponse.Error(e),
                WireProtocol.CloudWatch => QueryShapeWriter.Error(e, requestId),
                WireProtocol.CloudWatchJson => CloudWatchJson.Error(e),
                _ => Ec2Response.Error(e, requestId),
            };
            await WriteAsync(ctx, e.Status, contentType, payload, requestId, protocol == WireProtocol.Logs ? e.Code : null, ct,
                protocol == WireProtocol.CloudWatchJson ? CloudWatchJson.QueryError(e) : null);
            return true;
        }

        ReadOnlyMemory<byte> body = default;
        if (FaultResponses.IsReadOnly(op))
        {
            try { body = readOnlyAnswer(); }
            catch (ServiceError) { }
            catch (Exception e) when (e is NullReferenceException or ArgumentException) { }
        }
        if (body.Length < 16) body = FaultResponses.PlaceholderBody(protocol);
        var response = ctx.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers["x-amzn-RequestId"] = requestId;
        try
        {
            await response.Body.WriteAsync(body[..(body.Length / 2)], ct);
            await response.Body.FlushAsync(ct);
            await Task.Delay(25, ct); // let the client take the headers and the partial body before the reset
        }
        catch (OperationCanceledException) { }
        ctx.Abort();
        return true;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is > MaxBodyBytes) throw new InvalidDataException();
        using var ms = new MemoryStream(request.ContentLength is { } len ? (int)len : 4096);
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, read);
            if (ms.Length > MaxBodyBytes) throw new InvalidDataException();
        }
        return ms.ToArray();
    }

    private async Task WriteAsync(HttpContext ctx, int status, string contentType, ReadOnlyMemory<byte> payload,
        string requestId, string? errorType, CancellationToken ct, string? queryError = null)
    {
        if (_delay > TimeSpan.Zero)
        {
            try { await Task.Delay(_delay, ct); }
            catch (OperationCanceledException) { return; }
        }
        var response = ctx.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = payload.Length;
        response.Headers["x-amzn-RequestId"] = requestId;
        if (errorType is not null) response.Headers["x-amzn-ErrorType"] = errorType;
        if (queryError is not null) response.Headers[CloudWatchJson.QueryErrorHeader] = queryError;
        try { await response.Body.WriteAsync(payload, ct); }
        catch (OperationCanceledException) { }
    }
}
