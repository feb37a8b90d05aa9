using Rollouts.Api.Rollouts;
using Rollouts.Kubernetes.Models;
using Rollouts.Operator.Controllers.Rollouts;

namespace Rollouts.Operator.Tests.Controllers.Rollouts;

/// <summary>The finalizer patches keep other finalizers and are conditioned on the version read.</summary>
public sealed class RolloutFinalizerTests
{
    [Theory]
    [InlineData(null, """{"metadata":{"resourceVersion":"42","finalizers":["rollouts.dev/restore-stable-traffic"]}}""")]
    [InlineData(new[] { "example.com/keep" }, """{"metadata":{"resourceVersion":"42","finalizers":["example.com/keep","rollouts.dev/restore-stable-traffic"]}}""")]
    public void Adding_keeps_the_other_finalizers(string[]? finalizers, string expected) =>
        Assert.Equal(expected, RolloutFinalizer.AddPatch(Rollout(finalizers)).ToJsonString());

    [Theory]
    [InlineData(new[] { RolloutFinalizer.Name }, """{"metadata":{"resourceVersion":"42","finalizers":null}}""")]
    [InlineData(new[] { "example.com/keep", RolloutFinalizer.Name }, """{"metadata":{"resourceVersion":"42","finalizers":["example.com/keep"]}}""")]
    public void Removing_keeps_the_other_finalizers(string[] finalizers, string expected) =>
        Assert.Equal(expected, RolloutFinalizer.RemovePatch(Rollout(finalizers)).ToJsonString());

    [Theory]
    [InlineData(null, false)]
    [InlineData(new[] { "example.com/keep" }, false)]
    [InlineData(new[] { RolloutFinalizer.Name }, true)]
    public void The_finalizer_is_recognised(string[]? finalizers, bool on) =>
        Assert.Equal(on, RolloutFinalizer.IsOn(Rollout(finalizers)));

    private static Rollout Rollout(string[]? finalizers) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default", ResourceVersion = "42", Finalizers = finalizers },
    };
}
