import Foundation
import MeshCore

/// A `StringMatch` compiled once at build time: exact, raw prefix, full-match regex, or presence.
struct CompiledStringMatch: Sendable {
    enum Kind: Sendable {
        case exact(String)
        case prefix(String)
        case regex(FullMatchRegex)
        case present
    }

    let kind: Kind
    let ignoreCase: Bool

    /// Compiles a matcher; nil when its regex does not compile (Envoy would NACK; we drop the route).
    init?(_ match: StringMatch, ignoreCase: Bool = false) {
        self.ignoreCase = ignoreCase
        if let exact = match.exact {
            kind = .exact(ignoreCase ? exact.lowercased() : exact)
        } else if let prefix = match.prefix {
            kind = .prefix(ignoreCase ? prefix.lowercased() : prefix)
        } else if let pattern = match.regex {
            // Why: Istio's header `regex: "*"` means "present" (it is not a valid RE2 pattern).
            if pattern == "*" {
                kind = .present
            } else {
                guard let regex = FullMatchRegex(pattern) else { return nil }
                kind = .regex(regex)
            }
        } else {
            kind = .present
        }
    }

    /// Whether `value` matches (`ignoreUriCase` applies to exact and prefix only, as in Envoy).
    @inline(__always)
    func matches(_ value: Substring) -> Bool {
        switch kind {
        case .exact(let expected):
            return ignoreCase ? value.lowercased() == expected : value == expected
        case .prefix(let prefix):
            return ignoreCase ? value.lowercased().hasPrefix(prefix) : value.hasPrefix(prefix)
        case .regex(let regex):
            return regex.matches(value)
        case .present:
            return true
        }
    }

    /// Whether this is `prefix: /` or `regex: .*` (an Istio catch-all URI).
    var isCatchAllURI: Bool {
        switch kind {
        case .prefix(let prefix): return prefix == "/"
        case .regex(let regex): return regex.pattern == ".*" || regex.pattern == "*"
        case .present: return true
        case .exact: return false
        }
    }

    /// Length of the matched prefix for `rewrite.uri` (nil: the whole path is replaced).
    var prefixLength: Int? {
        if case .prefix(let prefix) = kind { return prefix.count }
        return nil
    }

    /// `exact /a`, `prefix /a`, `regex ^a$`.
    var summary: String {
        switch kind {
        case .exact(let value): return "exact \(value)"
        case .prefix(let value): return "prefix \(value)"
        case .regex(let regex): return "regex \(regex.pattern)"
        case .present: return "present"
        }
    }
}
