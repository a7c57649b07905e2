/// Where a key of a block mapping appears twice.
struct DuplicateKey: Sendable, Hashable {
    /// The key.
    var key: String
    /// 1-based line of the first occurrence (chunk-relative).
    var firstLine: Int
    /// 1-based line of the repeated occurrence (chunk-relative).
    var line: Int
    /// 1-based column of the key.
    var column: Int
}

/// Finds the repeated key after Yams refuses a mapping with duplicates.
///
/// Why: Yams 6 throws `duplicatedKeysInMapping` with only the first occurrence of one key, and no tree.
/// The user needs the line of the *second* occurrence (that is where a missing `---` goes), so this scans
/// the block mapping that holds the reported key: every line indented exactly to its column is a sibling key.
enum DuplicateKeyLocator {
    /// The earliest repeated key of the mapping containing the key at `line`/`column`, or nil (flow style).
    static func locate(in text: String, line: Int, column: Int) -> DuplicateKey? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard line >= 1, line <= lines.count else { return nil }
        var siblings: [(key: String, line: Int)] = []
        // Walk up to the start of the mapping (or of its sequence item), then down to its end.
        var start = line
        if entry(lines[line - 1], column: column)?.startsItem != true {
            var index = line - 1
            while index >= 1 {
                let text = lines[index - 1]
                if isBlankOrComment(text) {
                    index -= 1
                    continue
                }
                guard let found = entry(text, column: column) else {
                    if indentation(text) < column - 1 { break }
                    index -= 1
                    continue
                }
                start = index
                if found.startsItem { break }
                index -= 1
            }
        }
        for index in start...lines.count {
            let text = lines[index - 1]
            if isBlankOrComment(text) { continue }
            if index > start, indentation(text) < column - 1 { break }
            guard let found = entry(text, column: column) else { continue }
            if index > start, found.startsItem { break }
            siblings.append((found.key, index))
        }
        var firstSeen: [String: Int] = [:]
        for sibling in siblings {
            if let first = firstSeen[sibling.key] {
                return DuplicateKey(key: sibling.key, firstLine: first, line: sibling.line, column: column)
            }
            firstSeen[sibling.key] = sibling.line
        }
        return nil
    }

    private static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " }
        return trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.allSatisfy { $0 == " " || $0 == "\r" }
    }

    private static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// The key that starts exactly at `column` on this line, and whether a `- ` item marker precedes it.
    private static func entry(_ line: String, column: Int) -> (key: String, startsItem: Bool)? {
        let characters = Array(line)
        var position = 0
        var startsItem = false
        while position < characters.count {
            if characters[position] == " " {
                position += 1
            } else if characters[position] == "-", position + 1 < characters.count, characters[position + 1] == " " {
                startsItem = true
                position += 2
            } else {
                break
            }
        }
        guard position == column - 1, position < characters.count else { return nil }
        let rest = String(characters[position...])
        let key: Substring
        if let quote = rest.first, quote == "\"" || quote == "'" {
            guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
            key = rest[rest.index(after: rest.startIndex)..<close]
            guard rest[rest.index(after: close)...].hasPrefix(":") else { return nil }
        } else {
            guard let colon = rest.range(of: ":") else { return nil }
            let after = rest[colon.upperBound...]
            guard after.isEmpty || after.hasPrefix(" ") || after.hasPrefix("\r") else { return nil }
            key = rest[..<colon.lowerBound]
        }
        return (String(key).trimmingTrailingSpaces, startsItem)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
