namespace Rollouts.Engine.Conditions;

/// <summary>A node of a parsed condition; <see cref="Position"/> is where it starts in the text.</summary>
internal abstract record ConditionNode(int Position);

internal sealed record LiteralNode(int Position, ConditionValue Value) : ConditionNode(Position);

/// <summary>The variable <c>result</c>.</summary>
internal sealed record ResultNode(int Position) : ConditionNode(Position);

/// <summary><c>target[index]</c>.</summary>
internal sealed record IndexNode(int Position, ConditionNode Target, ConditionNode Index) : ConditionNode(Position);

internal sealed record UnaryNode(int Position, TokenKind Operator, ConditionNode Operand) : ConditionNode(Position);

internal sealed record BinaryNode(int Position, TokenKind Operator, ConditionNode Left, ConditionNode Right) : ConditionNode(Position);

internal sealed record CallNode(int Position, ConditionFunction Function, IReadOnlyList<ConditionNode> Arguments) : ConditionNode(Position);

/// <summary>The functions a condition may call; there are no others.</summary>
internal enum ConditionFunction
{
    Len,
    IsNaN,
    IsInf,
    All,
    Any,
    Default,
}
