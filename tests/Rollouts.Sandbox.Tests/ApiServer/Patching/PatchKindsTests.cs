using Rollouts.Sandbox.ApiServer.Patching;

namespace Rollouts.Sandbox.Tests.ApiServer.Patching;

public class PatchKindsTests
{
    [Theory]
    [InlineData("application/merge-patch+json", PatchKind.Merge)]
    [InlineData("application/json-patch+json", PatchKind.Json)]
    [InlineData("application/strategic-merge-patch+json", PatchKind.StrategicMerge)]
    [InlineData("application/apply-patch+yaml", PatchKind.Apply)]
    [InlineData("application/merge-patch+json; charset=utf-8", PatchKind.Merge)]
    [InlineData("Application/JSON-Patch+JSON", PatchKind.Json)]
    [InlineData("  application/apply-patch+yaml ;charset=UTF-8", PatchKind.Apply)]
    public void Names_the_patch_format_of_a_content_type(string contentType, PatchKind expected)
    {
        Assert.Equal(expected, PatchKinds.FromContentType(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    [InlineData("application/apply-patch+cbor")]
    [InlineData("text/plain; charset=utf-8")]
    public void Names_no_format_for_other_content_types(string? contentType)
    {
        Assert.Null(PatchKinds.FromContentType(contentType));
    }

    [Theory]
    [InlineData(PatchKind.Merge)]
    [InlineData(PatchKind.Json)]
    [InlineData(PatchKind.StrategicMerge)]
    [InlineData(PatchKind.Apply)]
    public void Content_types_round_trip(PatchKind kind)
    {
        Assert.Equal(kind, PatchKinds.FromContentType(PatchKinds.ContentType(kind)));
    }

    [Fact]
    public void Custom_resources_accept_every_format_but_strategic_merge()
    {
        Assert.Equal(
            ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"],
            PatchKinds.AcceptedContentTypes(builtIn: true));
        Assert.Equal(
            ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"],
            PatchKinds.AcceptedContentTypes(builtIn: false));
    }
}
