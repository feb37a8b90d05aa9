using System.Collections.Frozen;

namespace Rollouts.Sandbox.ApiServer.Protobuf;

/// <summary>What a protobuf field holds, and so how it reads as JSON.</summary>
internal enum ProtoValue
{
    /// <summary>A string; "" is left out unless the field is a pointer.</summary>
    String,

    /// <summary>An integer (int32 or int64); 0 is left out unless the field is a pointer.</summary>
    Integer,

    /// <summary>A bool; false is left out unless the field is a pointer.</summary>
    Bool,

    /// <summary>A metav1.Time (seconds, nanos) written as RFC 3339; the zero time is left out.</summary>
    Time,

    /// <summary>A nested message; an empty one is left out.</summary>
    Message,

    /// <summary>A map&lt;string, string&gt;.</summary>
    StringMap,

    /// <summary>A map&lt;string, bytes&gt;, its values base64 as in JSON.</summary>
    BytesMap,
}

/// <summary>One field of a message: its JSON name, what it holds, and whether it repeats or is a Go pointer.</summary>
internal sealed record ProtoFieldRule(string Name, ProtoValue Value, bool Repeated = false, bool Pointer = false, ProtoMessage? Message = null);

/// <summary>A protobuf message of the Kubernetes API by field number, as go-to-protobuf numbers it.</summary>
internal sealed class ProtoMessage(string name, params (int Number, ProtoFieldRule Rule)[] fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<int, ProtoFieldRule> Fields { get; } = fields.ToFrozenDictionary(f => f.Number, f => f.Rule);
}
