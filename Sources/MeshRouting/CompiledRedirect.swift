import MeshCore

/// `redirect`, ready to build a `location`.
struct CompiledRedirect: Sendable {
    let uri: String?
    let prefixRewrite: String?
    let authority: String?
    let port: Int?
    let scheme: String?
    let derivePort: String?
    let code: Int
    /// Length of the matched URI prefix (for `prefixRewrite`); nil for exact/regex (whole path).
    let matchedPrefixLength: Int?
}
