namespace Rollouts.Sandbox.Tests.Kubectl;

/// <summary>
/// A table as kubectl prints it: a header of upper-case column names, then one row per line, columns aligned
/// on the header's positions (so empty cells are read as empty, not skipped). Several tables separated by a
/// blank line (<c>kubectl get a,b</c>) are read as one list of tables.
/// </summary>
internal sealed class KubectlTable
{
    private KubectlTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows)
    {
        Columns = columns;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    /// <summary>The values of one column, top to bottom.</summary>
    public IReadOnlyList<string> Column(string name) => [.. Rows.Select(row => row[name])];

    /// <summary>The only row whose NAME is <paramref name="name"/>.</summary>
    public IReadOnlyDictionary<string, string> Row(string name) => Rows.Single(row => row["NAME"] == name);

    /// <summary>The one table in <paramref name="output"/>.</summary>
    public static KubectlTable Parse(string output) => ParseAll(output).Single();

    public static IReadOnlyList<KubectlTable> ParseAll(string output)
    {
        var tables = new List<KubectlTable>();
        var block = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                if (block.Count > 0)
                {
                    tables.Add(FromLines(block));
                    block.Clear();
                }

                continue;
            }

            block.Add(line);
        }

        if (block.Count > 0)
        {
            tables.Add(FromLines(block));
        }

        return tables;
    }

    /// <summary>Reads one row with the column positions of <paramref name="header"/>.</summary>
    public static IReadOnlyDictionary<string, string> ReadRow(string header, string line)
    {
        var columns = ColumnsOf(header);
        var row = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, start) = columns[i];
            var end = i + 1 < columns.Count ? columns[i + 1].Start : int.MaxValue;
            row[name] = start >= line.Length ? "" : line[start..Math.Min(end, line.Length)].Trim();
        }

        return row;
    }

    private static KubectlTable FromLines(List<string> lines)
    {
        var header = lines[0];
        var columns = ColumnsOf(header);
        return new KubectlTable([.. columns.Select(c => c.Name)], [.. lines.Skip(1).Select(line => ReadRow(header, line))]);
    }

    /// <summary>Column names and where they start; a name never holds two spaces in a row.</summary>
    private static List<(string Name, int Start)> ColumnsOf(string header)
    {
        var columns = new List<(string, int)>();
        var i = 0;
        while (i < header.Length)
        {
            while (i < header.Length && header[i] == ' ')
            {
                i++;
            }

            var start = i;
            while (i < header.Length && !(header[i] == ' ' && (i + 1 >= header.Length || header[i + 1] == ' ')))
            {
                i++;
            }

            if (i > start)
            {
                columns.Add((header[start..i], start));
            }
        }

        return columns;
    }
}
