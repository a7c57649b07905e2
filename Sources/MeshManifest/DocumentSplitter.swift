/// One `---`-separated piece of a YAML stream.
struct DocumentChunk: Sendable, Hashable {
    /// The text of the piece.
    var text: String
    /// How many lines of the file precede it (add to a chunk-relative line).
    var lineOffset: Int
}

/// Splits a YAML stream on `---` lines before parsing.
///
/// Why: kubectl's `YAMLReader` (apimachinery `yaml.NewYAMLReader`) splits on lines that start with
/// `---` followed only by spaces or a comment, and decodes each document on its own, so a syntax error
/// in one document does not hide the objects around it. Line numbers stay file-relative via `lineOffset`.
enum DocumentSplitter {
    /// The chunks, in order; separator lines belong to no chunk.
    static func split(_ text: String) -> [DocumentChunk] {
        var chunks: [DocumentChunk] = []
        var current: [Substring] = []
        var startLine = 0
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if isSeparator(line) {
                chunks.append(DocumentChunk(text: current.joined(separator: "\n"), lineOffset: startLine))
                current = []
                startLine = lineNumber + 1
            } else {
                current.append(line)
            }
            lineNumber += 1
        }
        chunks.append(DocumentChunk(text: current.joined(separator: "\n"), lineOffset: startLine))
        return chunks
    }

    /// `---`, `--- `, `---  # comment` (and the same with `\r`).
    static func isSeparator(_ line: Substring) -> Bool {
        guard line.hasPrefix("---") else { return false }
        let rest = line.dropFirst(3).drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        return rest.isEmpty || rest.hasPrefix("#")
    }
}
