using System.CommandLine;
using System.Text;

namespace Rollouts.Cli.Completion;

/// <summary>
/// Shell completion scripts made from the command tree: each command path completes its subcommands and flags.
/// They complete both <c>kubectl-rollouts</c> and, through kubectl's plugin completion
/// (<c>kubectl_complete-rollouts</c>), <c>kubectl rollouts</c>.
/// </summary>
internal static class CompletionScripts
{
    public static string Bash(RootCommand root)
    {
        var text = new StringBuilder();
        text.Append("# bash completion for kubectl-rollouts; load with: source <(kubectl rollouts completion bash)\n");
        text.Append("_kubectl_rollouts() {\n");
        text.Append("    local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" word\n");
        text.Append("    for word in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n");
        text.Append("        case \"$word\" in -*) ;; rollouts) [ -z \"$path\" ] && [ \"${COMP_WORDS[0]}\" = kubectl ] || path=\"$path $word\" ;; *) path=\"$path $word\" ;; esac\n");
        text.Append("    done\n");
        text.Append("    local words\n");
        text.Append("    case \"${path# }\" in\n");
        foreach (var (path, words) in Paths(root))
        {
            text.Append("        \"").Append(path).Append("\"*) words=\"").Append(string.Join(' ', words)).Append("\" ;;\n");
        }

        text.Append("    esac\n");
        text.Append("    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n");
        text.Append("}\n");
        text.Append("complete -F _kubectl_rollouts kubectl-rollouts\n");
        return text.ToString();
    }

    public static string Zsh(RootCommand root)
    {
        var text = new StringBuilder();
        text.Append("#compdef kubectl-rollouts\n");
        text.Append("# zsh completion for kubectl-rollouts; load with: source <(kubectl rollouts completion zsh)\n");
        text.Append("_kubectl_rollouts() {\n");
        text.Append("    local path=\"\" word\n");
        text.Append("    for word in \"${(@)words[2,CURRENT-1]}\"; do\n");
        text.Append("        [[ \"$word\" == -* ]] || path=\"$path $word\"\n");
        text.Append("    done\n");
        text.Append("    local -a candidates\n");
        text.Append("    case \"${path# }\" in\n");
        foreach (var (path, words) in Paths(root))
        {
            text.Append("        \"").Append(path).Append("\"*) candidates=(").Append(string.Join(' ', words)).Append(") ;;\n");
        }

        text.Append("    esac\n");
        text.Append("    compadd -- $candidates\n");
        text.Append("}\n");
        text.Append("compdef _kubectl_rollouts kubectl-rollouts\n");
        return text.ToString();
    }

    /// <summary>Every command path (longest first, so a shell's first matching case wins) with its subcommands and flags.</summary>
    private static List<(string Path, List<string> Words)> Paths(RootCommand root)
    {
        var paths = new List<(string, List<string>)>();
        void Walk(Command command, string path, IEnumerable<Option> inherited)
        {
            var options = inherited.Concat(command.Options.Where(o => !o.Hidden)).ToList();
            var words = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
                .Concat(options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)))
                .Distinct(StringComparer.Ordinal).ToList();
            paths.Add((path, words));
            foreach (var child in command.Subcommands)
            {
                Walk(child, path.Length == 0 ? child.Name : $"{path} {child.Name}", options.Where(o => o.Recursive));
            }
        }

        Walk(root, "", []);
        return [.. paths.OrderByDescending(p => p.Item1.Length)];
    }
}
