using System.Text;

namespace Rollouts.Cli.Rendering;

/// <summary>A line of a tree and the lines under it.</summary>
internal sealed record TreeNode(string Text, IReadOnlyList<TreeNode> Children)
{
    public TreeNode(string text)
        : this(text, [])
    {
    }

    /// <summary>The tree as lines: with box-drawing glyphs on a terminal, indented with "- " when piped.</summary>
    public void Write(StringBuilder output, TextStyle style)
    {
        output.Append(Text).Append('\n');
        WriteChildren(output, style, "");
    }

    private void WriteChildren(StringBuilder output, TextStyle style, string prefix)
    {
        for (var i = 0; i < Children.Count; i++)
        {
            var last = i == Children.Count - 1;
            var child = Children[i];
            if (style.Glyphs)
            {
                output.Append(prefix).Append(last ? "└── " : "├── ").Append(child.Text).Append('\n');
                child.WriteChildren(output, style, prefix + (last ? "    " : "│   "));
            }
            else
            {
                output.Append(prefix).Append("- ").Append(child.Text).Append('\n');
                child.WriteChildren(output, style, prefix + "  ");
            }
        }
    }
}
