#!/usr/bin/env bash
# How long `kubectl-rollouts get rollout` takes, start-up included, against the sandbox (issue 6 asks for well under
# half a second on a small cluster). Publishes the plugin, runs `rollouts-sandbox up`, applies the sample, then
# times N runs of the plugin itself and N runs through kubectl, and prints the median and the slowest.
#   bench/cli-startup.sh [N] [extra dotnet publish args, e.g. -p:PublishReadyToRun=true]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
work=$(mktemp -d)
trap 'kill "$sandbox" 2>/dev/null || true; wait "$sandbox" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish src/Rollouts.Cli -c Release -o "$work/bin" --nologo -v q "$@"
dotnet build src/Rollouts.Sandbox -c Release --nologo -v q
dotnet run --no-build -c Release --project src/Rollouts.Sandbox -- up --kubeconfig-out "$work/kubeconfig" >"$work/up.log" 2>&1 &
sandbox=$!
for _ in $(seq 1 600); do grep -q KUBECONFIG= "$work/up.log" && break; sleep 0.1; done
export KUBECONFIG="$work/kubeconfig" PATH="$work/bin:$PATH"
kubectl apply -f samples/canary-nginx.yaml >/dev/null
kubectl wait --for=jsonpath='{.status.phase}'=Healthy rollout/web --timeout=60s >/dev/null

measure() {
    local label=$1; shift
    local times=()
    for _ in $(seq 1 "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '%-36s median %5d ms   max %5d ms   (%d runs)\n' "$label" \
        "$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")" "$(echo "$sorted" | tail -1)" "$runs"
}

# Figures mean little on a busy machine: say how busy it was (load average over the last minute, and cores).
echo "load before: $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
measure "kubectl-rollouts get rollout web" kubectl-rollouts get rollout web
measure "kubectl rollouts get rollout web" kubectl rollouts get rollout web
measure "kubectl-rollouts version" kubectl-rollouts version
echo "load after:  $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"
