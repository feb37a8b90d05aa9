using Rollouts.Api.Common;

namespace Rollouts.Api.Rollouts;

// spec.strategy.blueGreen: services, sizes, delays, promotion, metadata and its two analyses.
public static partial class RolloutValidation
{
    private const string BlueGreenPath = "spec.strategy.blueGreen";

    private static readonly Dictionary<string, string> NotSupportedBlueGreenFields = new(StringComparer.Ordinal)
    {
        ["antiAffinity"] = "set pod anti-affinity in the pod template",
    };

    private static void ValidateBlueGreen(BlueGreenStrategy blueGreen, FieldErrors errors)
    {
        errors.UnknownFields<BlueGreenStrategy>(BlueGreenPath, blueGreen.UnknownFields, NotSupportedBlueGreenFields);
        if (string.IsNullOrEmpty(blueGreen.ActiveService))
        {
            errors.Required($"{BlueGreenPath}.activeService",
                "blue-green needs the service that takes production traffic: the operator points its selector at the promoted version");
        }
        else if (blueGreen.PreviewService == blueGreen.ActiveService)
        {
            errors.Add($"{BlueGreenPath}.previewService", ValidationReason.Conflict,
                $"activeService and previewService are both \"{blueGreen.ActiveService}\"; they must name two different services");
        }

        errors.AtLeast($"{BlueGreenPath}.previewReplicaCount", blueGreen.PreviewReplicaCount, 0);
        errors.AtLeast($"{BlueGreenPath}.autoPromotionSeconds", blueGreen.AutoPromotionSeconds, 0);
        errors.AtLeast($"{BlueGreenPath}.scaleDownDelaySeconds", blueGreen.ScaleDownDelaySeconds, 0);
        errors.AtLeast($"{BlueGreenPath}.scaleDownDelayRevisionLimit", blueGreen.ScaleDownDelayRevisionLimit, 0);
        errors.AtLeast($"{BlueGreenPath}.abortScaleDownDelaySeconds", blueGreen.AbortScaleDownDelaySeconds, 0);
        ReadIntOrPercent(blueGreen.MaxUnavailable, $"{BlueGreenPath}.maxUnavailable", maxPercent: 100, errors);
        if (blueGreen.AutoPromotionEnabled == false && blueGreen.AutoPromotionSeconds is not null)
        {
            errors.Add($"{BlueGreenPath}.autoPromotionSeconds", ValidationReason.Conflict,
                $"autoPromotionSeconds ({blueGreen.AutoPromotionSeconds}) promotes by itself, but autoPromotionEnabled is false (promote by hand only); remove one of the two");
        }

        ValidatePodMetadata(blueGreen.PreviewMetadata, $"{BlueGreenPath}.previewMetadata", errors);
        ValidatePodMetadata(blueGreen.ActiveMetadata, $"{BlueGreenPath}.activeMetadata", errors);
        if (blueGreen.PrePromotionAnalysis is { } pre)
        {
            ValidateAnalysis(pre, $"{BlueGreenPath}.prePromotionAnalysis", stepCount: null, errors);
        }

        if (blueGreen.PostPromotionAnalysis is { } post)
        {
            ValidateAnalysis(post, $"{BlueGreenPath}.postPromotionAnalysis", stepCount: null, errors);
        }
    }
}
