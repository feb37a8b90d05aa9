using System.Text.Json.Nodes;

namespace Rollouts.Sandbox.ApiServer.Resources.Tables;

/// <summary>Services, Ingresses, IngressClasses and Endpoints as kubectl shows them.</summary>
internal static class NetworkPrinters
{
    /// <summary>NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and SELECTOR with -o wide.</summary>
    public static readonly TablePrinter Service = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Type", "How the service is exposed."),
            CommonColumns.Text("Cluster-IP", "The IP address of the service inside the cluster."),
            CommonColumns.Text("External-IP", "The addresses the service is reachable at from outside the cluster."),
            CommonColumns.Text("Port(s)", "The ports the service exposes."),
            CommonColumns.Age,
            CommonColumns.Wide("Selector", "The labels of the pods the service routes traffic to."),
        ],
        (service, now) =>
        {
            var spec = JsonRead.Object(service, "spec");
            var clusterIp = JsonRead.Strings(spec, "clusterIPs").FirstOrDefault() ?? JsonRead.String(spec, "clusterIP");
            var ports = string.Join(",", JsonRead.Array(spec, "ports").OfType<JsonObject>().Select(Port));
            return
            [
                TablePrinter.Name(service),
                JsonRead.String(spec, "type") ?? "ClusterIP",
                string.IsNullOrEmpty(clusterIp) ? "<none>" : clusterIp,
                ExternalIp(service),
                ports.Length > 0 ? ports : "<none>",
                HumanDuration.Age(service, now),
                SelectorText.Labels(JsonRead.Object(spec, "selector")),
            ];
        });

    /// <summary>NAME CLASS HOSTS ADDRESS PORTS AGE.</summary>
    public static readonly TablePrinter Ingress = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
            CommonColumns.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            CommonColumns.Text("Address", "Address is a list containing ingress points for the load-balancer"),
            CommonColumns.Text("Ports", "Ports of TLS configurations that open"),
            CommonColumns.Age,
        ],
        (ingress, now) => [
            TablePrinter.Name(ingress),
            JsonRead.String(ingress, "spec", "ingressClassName") ?? "<none>",
            Hosts(JsonRead.Array(ingress, "spec", "rules")),
            LoadBalancerAddresses(JsonRead.Object(ingress, "status", "loadBalancer")),
            JsonRead.Array(ingress, "spec", "tls").Count > 0 ? "80, 443" : "80",
            HumanDuration.Age(ingress, now),
        ]);

    /// <summary>NAME CONTROLLER PARAMETERS AGE.</summary>
    public static readonly TablePrinter IngressClass = new(
        [
            CommonColumns.Name,
            CommonColumns.Text("Controller", "Controller that is responsible for handling this class"),
            CommonColumns.Text("Parameters", "A reference to a resource with additional parameters"),
            CommonColumns.Age,
        ],
        (ingressClass, now) =>
        {
            var parameters = JsonRead.Object(ingressClass, "spec", "parameters");
            var reference = "<none>";
            if (parameters is not null)
            {
                reference = JsonRead.String(parameters, "kind") ?? "";
                if (JsonRead.String(parameters, "apiGroup") is { } apiGroup)
                {
                    reference += "." + apiGroup;
                }
                reference += "/" + JsonRead.String(parameters, "name");
            }
            return
            [
                TablePrinter.Name(ingressClass),
                JsonRead.String(ingressClass, "spec", "controller") ?? "",
                reference,
                HumanDuration.Age(ingressClass, now),
            ];
        });

    /// <summary>NAME ENDPOINTS AGE; at most three addresses, then "+ N more...".</summary>
    public static readonly TablePrinter Endpoints = new(
        [CommonColumns.Name, CommonColumns.Text("Endpoints", "The addresses and ports of the endpoints."), CommonColumns.Age],
        (endpoints, now) => [TablePrinter.Name(endpoints), EndpointList(endpoints), HumanDuration.Age(endpoints, now)]);

    private static string Port(JsonObject port)
    {
        var number = JsonRead.Integer(port, "port") ?? 0;
        var protocol = JsonRead.String(port, "protocol") ?? "TCP";
        return JsonRead.Integer(port, "nodePort") is { } nodePort and > 0
            ? $"{number}:{nodePort}/{protocol}"
            : $"{number}/{protocol}";
    }

    private static string ExternalIp(JsonObject service)
    {
        var spec = JsonRead.Object(service, "spec");
        var externalIps = JsonRead.Strings(spec, "externalIPs");
        switch (JsonRead.String(spec, "type") ?? "ClusterIP")
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var balancer = LoadBalancerAddresses(JsonRead.Object(service, "status", "loadBalancer"));
                var all = (balancer.Length > 0 ? balancer.Split(',') : []).Concat(externalIps).ToList();
                return all.Count > 0 ? string.Join(",", all) : "<pending>";
            case "ExternalName":
                return JsonRead.String(spec, "externalName") ?? "";
            default:
                return "<unknown>";
        }
    }

    /// <summary>The distinct IPs (or host names) of status.loadBalancer.ingress, sorted and comma-joined.</summary>
    private static string LoadBalancerAddresses(JsonObject? loadBalancer) =>
        string.Join(",", JsonRead.Array(loadBalancer, "ingress").OfType<JsonObject>()
            .Select(i => JsonRead.String(i, "ip") is { Length: > 0 } ip ? ip : JsonRead.String(i, "hostname"))
            .Where(a => !string.IsNullOrEmpty(a))
            .Distinct()
            .Order(StringComparer.Ordinal));

    private static string Hosts(JsonArray rules)
    {
        const int max = 3;
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            more |= hosts.Count == max;
            if (!more && JsonRead.String(rule, "host") is { Length: > 0 } host)
            {
                hosts.Add(host);
            }
        }
        if (hosts.Count == 0)
        {
            return "*";
        }
        var text = string.Join(",", hosts);
        return more ? $"{text} + {rules.Count - max} more..." : text;
    }

    private static string EndpointList(JsonObject endpoints)
    {
        const int max = 3;
        var subsets = JsonRead.Array(endpoints, "subsets").OfType<JsonObject>().ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }
        var all = new List<string>();
        foreach (var subset in subsets)
        {
            var ips = JsonRead.Array(subset, "addresses").Select(a => JsonRead.String(a, "ip") ?? "").ToList();
            var ports = JsonRead.Array(subset, "ports").Select(p => JsonRead.Integer(p, "port")).ToList();
            all.AddRange(ports.Count == 0 ? ips : ports.SelectMany(port => ips.Select(ip => HostPort(ip, port))));
        }
        var text = string.Join(",", all.Take(max));
        return all.Count > max ? $"{text} + {all.Count - max} more..." : text;
    }

    private static string HostPort(string ip, long? port) => ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port}" : $"{ip}:{port}";
}
