import Foundation

/// kubectl-style columns: each padded to its widest cell plus three spaces, trailing blanks trimmed.
public enum TextTable {
    /// Renders rows of cells.
    public static func render(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line +=
                    index == row.count - 1
                    ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
