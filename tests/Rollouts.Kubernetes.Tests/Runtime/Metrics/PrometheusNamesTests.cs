using Rollouts.Kubernetes.Runtime.Metrics;

namespace Rollouts.Kubernetes.Tests.Runtime.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("rollouts.kubernetes.client.requests", "{request}", "Counter", "rollouts_kubernetes_client_requests_total")]
    [InlineData("rollouts.kubernetes.client.request.duration", "s", "Histogram", "rollouts_kubernetes_client_request_duration_seconds")]
    [InlineData("workqueue.depth", "{key}", "Gauge", "workqueue_depth")]
    [InlineData("workqueue.adds", "{key}", "Counter", "workqueue_adds_total")]
    [InlineData("rollouts.build.info", null, "Gauge", "rollouts_build_info")]
    [InlineData("http.requests.total", "", "Counter", "http_requests_total")]
    [InlineData("process.cpu.time", "s", "Counter", "process_cpu_time_seconds_total")]
    [InlineData("request.duration.seconds", "s", "Histogram", "request_duration_seconds")]
    [InlineData("memory.usage", "By", "Gauge", "memory_usage_bytes")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("errors", "1", "Counter", "errors_total")]
    [InlineData("throughput", "By/s", "Gauge", "throughput_bytes_per_second")]
    [InlineData("events", "{event}/s", "Gauge", "events_per_second")]
    [InlineData("Rollouts.Client.requestDuration", "ms", "Histogram", "rollouts_client_request_duration_milliseconds")]
    [InlineData("http-server/active requests", null, "Gauge", "http_server_active_requests")]
    [InlineData("2xx.responses", null, "Counter", "_2xx_responses_total")]
    public void Instrument_names_and_units_become_Prometheus_names(string name, string? unit, string type, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(name, unit, Enum.Parse<PrometheusType>(type)));

    [Theory]
    [InlineData("verb", "verb")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("queueName", "queue_name")]
    [InlineData("HTTPMethod", "http_method")]
    [InlineData("__reserved", "reserved")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ünïcode", "n_code")]
    public void Tag_names_become_snake_case_label_names(string tag, string expected) =>
        Assert.Equal(expected, PrometheusNames.Label(tag));
}
