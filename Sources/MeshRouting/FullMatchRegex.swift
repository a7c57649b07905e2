import Foundation
import MeshCore

/// An RE2-style full-string match (Envoy `safe_regex` must match the whole value), compiled once.
struct FullMatchRegex: @unchecked Sendable {
    // Why @unchecked: NSRegularExpression is immutable after creation and documented thread-safe.
    let pattern: String
    let regex: NSRegularExpression

    init?(_ pattern: String) {
        guard let regex = try? NSRegularExpression(pattern: "\\A(?:\(pattern))\\z") else { return nil }
        self.pattern = pattern
        self.regex = regex
    }

    func matches(_ value: Substring) -> Bool {
        let text = String(value)
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return regex.firstMatch(in: text, options: [], range: range) != nil
    }
}
