/// Renders tables the way kubectl's human-readable printer does.
///
/// Why: kubectl writes tab-separated cells through `text/tabwriter` with minwidth 6, padding 3,
/// pad character ' ' (cli-runtime `printers.GetNewTabWriter`); the last column is not padded.
public enum TableRenderer {
    /// The text for `table`; `wide` includes priority-1 columns.
    public static func render(_ table: Table, wide: Bool = false, noHeaders: Bool = false) -> String {
        let keep = table.columns.indices.filter { wide || table.columns[$0].priority == 0 }
        var lines: [[String]] = []
        if !noHeaders { lines.append(keep.map { table.columns[$0].name.uppercased() }) }
        for row in table.rows { lines.append(keep.map { $0 < row.count ? row[$0] : "" }) }
        return align(lines, padding: 3, minWidth: 6)
    }

    /// `No resources found in <ns> namespace.` (or `No resources found` for cluster scope / `-A`).
    public static func noResources(namespace: String?) -> String {
        guard let namespace else { return "No resources found" }
        return "No resources found in \(namespace) namespace."
    }

    /// Aligns cells like tabwriter: every column but the last is padded to its widest cell plus
    /// `padding`, and at least `minWidth`. Lines are joined with newlines, with a trailing newline.
    public static func align(_ lines: [[String]], padding: Int, minWidth: Int) -> String {
        var widths: [Int] = []
        for line in lines {
            for (index, cell) in line.enumerated().dropLast() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count + padding, minWidth)
            }
        }
        var output = ""
        for line in lines {
            var text = ""
            for (index, cell) in line.enumerated() {
                if index == line.count - 1 {
                    text += cell
                } else {
                    text += cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
                }
            }
            output += text + "\n"
        }
        return output
    }
}
