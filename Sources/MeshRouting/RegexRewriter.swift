import Foundation
import MeshCore

/// `rewrite.uriRegexRewrite` compiled once: RE2 `\1` groups become ICU `$1`.
struct RegexRewriter: @unchecked Sendable {
    // Why @unchecked: NSRegularExpression is immutable after creation and documented thread-safe.
    let regex: NSRegularExpression
    let template: String

    init?(match: String, rewrite: String) {
        guard let regex = try? NSRegularExpression(pattern: match) else { return nil }
        self.regex = regex
        var converted = ""
        var iterator = rewrite.makeIterator()
        while let character = iterator.next() {
            if character == "$" {
                converted += "\\$"
            } else if character == "\\" {
                guard let next = iterator.next() else { break }
                converted += next.isNumber ? "$\(next)" : "\\\(next)"
            } else {
                converted.append(character)
            }
        }
        template = converted
    }

    /// Substitutes every match in `path` (Envoy `regex_rewrite` semantics).
    func rewrite(_ path: String) -> String {
        let range = NSRange(path.startIndex..<path.endIndex, in: path)
        return regex.stringByReplacingMatches(in: path, options: [], range: range, withTemplate: template)
    }
}
