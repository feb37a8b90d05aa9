using Rollouts.Api.Analysis;

namespace Rollouts.Engine.Analysis;

/// <summary>
/// The values of a run's arguments at measure time: a value as written, or a Secret's key read now. fieldRef and
/// podTemplateHashValue are resolved by the Rollout when it creates the run, so a run that still has one cannot be
/// measured.
/// </summary>
internal static class RunArguments
{
    /// <summary>The arguments by name, or the first one that has no value (naming it and its field path).</summary>
    public static async Task<(IReadOnlyDictionary<string, string>? Args, string? Error)> ResolveAsync(
        AnalysisRunSpec spec, SecretReader secrets, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var args = spec.Args ?? [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var path = $"spec.args[{i}]";
            var name = arg.Name ?? "";
            if (arg.Value is { } value)
            {
                values[name] = value;
                continue;
            }

            switch (arg.ValueFrom)
            {
                case { SecretKeyRef: { } secretRef }:
                    var secret = await secrets.ValueAsync(secretRef, $"argument \"{name}\" ({path}.valueFrom.secretKeyRef)", cancellationToken).ConfigureAwait(false);
                    if (secret.Error is not null)
                    {
                        return (null, secret.Error);
                    }

                    values[name] = secret.Value!;
                    break;
                case { FieldRef: not null }:
                    return (null, $"argument \"{name}\" ({path}.valueFrom.fieldRef) has no value: a Rollout resolves fieldRef when it creates the run; give a value instead");
                case { PodTemplateHashValue: not null }:
                    return (null, $"argument \"{name}\" ({path}.valueFrom.podTemplateHashValue) has no value: a Rollout resolves it when it creates the run; give a value instead");
                default:
                    return (null, $"argument \"{name}\" ({path}) has no value: set value or valueFrom.secretKeyRef");
            }
        }

        return (values, null);
    }
}
