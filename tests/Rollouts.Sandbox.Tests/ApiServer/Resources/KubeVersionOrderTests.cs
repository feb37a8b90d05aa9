using Rollouts.Sandbox.ApiServer.Resources;

namespace Rollouts.Sandbox.Tests.ApiServer.Resources;

public class KubeVersionOrderTests
{
    [Fact]
    public void Orders_ga_then_beta_then_alpha_then_other_versions()
    {
        string[] versions = ["v1alpha1", "foo", "v1", "v11alpha2", "v2", "v1beta1", "v1beta2", "bar", "v10", "v12alpha1"];

        var ordered = versions.Order(KubeVersionOrder.Instance);

        Assert.Equal(["v10", "v2", "v1", "v1beta2", "v1beta1", "v12alpha1", "v11alpha2", "v1alpha1", "bar", "foo"], ordered);
    }
}
