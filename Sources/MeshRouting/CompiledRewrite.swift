import MeshCore

/// A path rewrite.
enum CompiledRewrite: Sendable {
    /// Replace the matched prefix (`prefixLength` characters; nil = whole path) with `replacement`.
    case prefix(replacement: String, prefixLength: Int?)
    /// RE2 substitution.
    case regex(RegexRewriter)

    /// Applies the rewrite to `path` (query kept).
    func apply(to view: RequestView) -> String {
        let path = view.path
        let queryPart = view.request.path[path.endIndex...]
        switch self {
        case .prefix(let replacement, let prefixLength):
            let cut = prefixLength.map { min($0, path.count) } ?? path.count
            return replacement + path.dropFirst(cut) + queryPart
        case .regex(let rewriter):
            return rewriter.rewrite(String(path)) + queryPart
        }
    }
}
