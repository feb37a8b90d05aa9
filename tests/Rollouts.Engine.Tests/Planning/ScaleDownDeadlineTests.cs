using Rollouts.Engine.Planning;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Engine.Tests.Planning;

public class ScaleDownDeadlineTests
{
    [Theory]
    [InlineData("2025-01-01T00:00:00.0000000Z", 30, "2025-01-01T00:00:30Z")]
    [InlineData("2025-01-01T00:00:00.2500000Z", 30, "2025-01-01T00:00:31Z")]
    [InlineData("2025-01-01T01:00:00.0000000+01:00", 0, "2025-01-01T00:00:00Z")]
    public void A_deadline_is_rounded_up_to_the_second_and_written_in_UTC(string now, int seconds, string annotation)
    {
        var deadline = ScaleDownDeadline.After(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), seconds);

        Assert.Equal(annotation, ScaleDownDeadline.Format(deadline));
        var replicaSet = new ReplicaSet
        {
            Metadata = new ObjectMeta { Annotations = new Dictionary<string, string> { [ScaleDownDeadline.AnnotationKey] = annotation } },
        };
        Assert.Equal(deadline, ScaleDownDeadline.Read(replicaSet));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    public void A_missing_or_unreadable_annotation_is_no_deadline(string? annotation)
    {
        var replicaSet = new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Annotations = annotation is null ? null : new Dictionary<string, string> { [ScaleDownDeadline.AnnotationKey] = annotation },
            },
        };

        Assert.Null(ScaleDownDeadline.Read(replicaSet));
    }
}
