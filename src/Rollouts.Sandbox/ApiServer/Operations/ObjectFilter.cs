using Rollouts.Sandbox.ApiServer.Resources;
using Rollouts.Sandbox.ApiServer.Selectors;
using Rollouts.Sandbox.ApiServer.Storage;

namespace Rollouts.Sandbox.ApiServer.Operations;

/// <summary>Label and field selectors of a list or watch, checked against stored objects.</summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector _labels;
    private readonly FieldSelector _fields;

    private ObjectFilter(LabelSelector labels, FieldSelector fields)
    {
        _labels = labels;
        _fields = fields;
    }

    public static ObjectFilter Create(ResourceType type, string? labelSelector, string? fieldSelector) =>
        new(LabelSelector.Parse(labelSelector), FieldSelector.Parse(fieldSelector, type.Kind, builtIn: !type.IsCustom, namespaced: type.Namespaced));

    public bool Matches(StoredObject obj)
    {
        if (!_labels.IsEmpty && !_labels.Matches(obj.Labels))
        {
            return false;
        }

        return _fields.IsEmpty || _fields.Matches(obj.ToJsonObject());
    }
}
