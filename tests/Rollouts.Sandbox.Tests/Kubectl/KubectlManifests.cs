namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>The YAML the kubectl tests feed to kubectl, as a user would write it.</summary>
internal static class KubectlManifests
{
    public const string WidgetCrdName = "widgets.test.rollouts.dev";

    /// <summary>
    /// A small custom resource: a required <c>size</c> from an enum, a non-negative <c>replicas</c> behind the
    /// scale subresource, a status subresource, and printer columns (Color only in <c>-o wide</c>).
    /// </summary>
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.test.rollouts.dev
        spec:
          group: test.rollouts.dev
          names:
            kind: Widget
            listKind: WidgetList
            plural: widgets
            singular: widget
            shortNames: [wg]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.replicas
                statusReplicasPath: .status.replicas
                labelSelectorPath: .status.selector
            additionalPrinterColumns:
            - name: Size
              type: string
              jsonPath: .spec.size
            - name: Replicas
              type: integer
              jsonPath: .spec.replicas
            - name: Phase
              type: string
              jsonPath: .status.phase
            - name: Color
              type: string
              jsonPath: .spec.color
              priority: 1
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      color:
                        type: string
                      replicas:
                        type: integer
                        minimum: 0
                      size:
                        type: string
                        enum: [small, medium, large]
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                      replicas:
                        type: integer
                      selector:
                        type: string
        """;

    public static string Widget(string name, string ns, string size = "small", int replicas = 1, string color = "blue", string labels = "{}") => $$"""
        apiVersion: test.rollouts.dev/v1
        kind: Widget
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {{labels}}
        spec:
          size: {{size}}
          replicas: {{replicas}}
          color: {{color}}
        """;

    /// <summary>A Deployment labelled <c>app: name</c> (and <paramref name="tier"/>, when given) selecting its pods by app.</summary>
    public static string Deployment(string name, string ns, int replicas = 2, string image = "nginx:1.25", string? tier = null) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels:
            app: {{name}}
            {{(tier is null ? "" : $"tier: {tier}")}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: app
                image: {{image}}
                ports:
                - containerPort: 80
        """;

    public static string ReplicaSet(string name, string ns, int replicas = 1, string image = "nginx:1.25") => $$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: app
                image: {{image}}
        """;

    public static string Service(string name, string ns, int port = 80, int targetPort = 8080) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          selector: {app: {{name}}}
          ports:
          - name: http
            port: {{port}}
            targetPort: {{targetPort}}
        """;

    public static string Ingress(string name, string ns, string host = "web.example.com", string service = "web") => $$"""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: {{name}}
          namespace: {{ns}}
        spec:
          ingressClassName: nginx
          rules:
          - host: {{host}}
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: {{service}}
                    port: {number: 80}
        """;

    /// <summary>Documents joined into one multi-document YAML stream.</summary>
    public static string Documents(params string[] documents) => string.Join("\n---\n", documents) + "\n";
}
