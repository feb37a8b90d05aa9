using Rollouts.Sandbox.ApiServer.Schema;

namespace Rollouts.Sandbox.Tests.ApiServer.Schema;

/// <summary>What the server answers about pruned fields, by the request's fieldValidation.</summary>
public sealed class UnknownFieldsTests
{
    [Fact]
    public void Strict_field_validation_refuses_the_request_as_the_server_does()
    {
        var error = UnknownFields.StrictError("Rollout", "v1alpha1", ["spec.replica", "spec.steps[1].setWieght"]);

        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Equal(
            "Rollout in version \"v1alpha1\" cannot be handled as a Rollout: strict decoding error: " +
            "unknown field \"spec.replica\", unknown field \"spec.steps[1].setWieght\"",
            error.Message);
    }

    [Fact]
    public void Warn_field_validation_sends_one_warning_per_field()
    {
        Assert.Equal(["unknown field \"spec.replica\"", "unknown field \"extra\""], UnknownFields.Warnings(["spec.replica", "extra"]));
    }
}
