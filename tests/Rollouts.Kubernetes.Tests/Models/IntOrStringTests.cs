using System.Text.Json;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Kubernetes.Tests.Models;

public class IntOrStringTests
{
    [Theory]
    [InlineData("""{"port":80,"targetPort":8080}""", 8080, null)]
    [InlineData("""{"port":80,"targetPort":"http"}""", null, "http")]
    public void A_target_port_is_a_number_or_a_name_and_is_written_as_it_came(string json, int? number, string? name)
    {
        var port = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.ServicePort)!;

        Assert.Equal(number, port.TargetPort!.Value.Number);
        Assert.Equal(name, port.TargetPort.Value.Text);
        Assert.Equal(json, JsonSerializer.Serialize(port, KubernetesJsonContext.Default.ServicePort));
    }

    [Fact]
    public void Numbers_and_names_convert_implicitly()
    {
        IntOrString number = 8080;
        IntOrString name = "http";

        Assert.Equal("8080", number.ToString());
        Assert.Equal("http", name.ToString());
    }
}
