# The operator's image: kubectl apply -k config/default runs it.
#   docker build -t rollouts-operator:latest .
# Restore is its own layer, keyed by the project files only, so a code change does not download packages again.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Rollouts.Kubernetes/Rollouts.Kubernetes.csproj src/Rollouts.Kubernetes/
COPY src/Rollouts.Api/Rollouts.Api.csproj src/Rollouts.Api/
COPY src/Rollouts.Engine/Rollouts.Engine.csproj src/Rollouts.Engine/
COPY src/Rollouts.Operator/Rollouts.Operator.csproj src/Rollouts.Operator/
RUN dotnet restore src/Rollouts.Operator
COPY src/Rollouts.Kubernetes/ src/Rollouts.Kubernetes/
COPY src/Rollouts.Api/ src/Rollouts.Api/
COPY src/Rollouts.Engine/ src/Rollouts.Engine/
COPY src/Rollouts.Operator/ src/Rollouts.Operator/
RUN dotnet publish src/Rollouts.Operator -c Release -o /app --no-restore

# The ASP.NET Core runtime (the operator serves /metrics, /healthz and /readyz), without the SDK.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV DOTNET_gcServer=0 \
    DOTNET_GCHeapAffinitizeMask=0 \
    DOTNET_EnableDiagnostics=0
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["dotnet", "/app/Rollouts.Operator.dll"]
