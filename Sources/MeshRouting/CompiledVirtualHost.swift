/// A Gateway server contributing to a listener.
struct ServerReference: Sendable, Hashable {
    /// `namespace/name`.
    let gateway: String
    /// Index in `spec.servers`.
    let index: Int
    /// Declared `port.number`.
    let port: Int
    /// Server hosts.
    let hosts: [String]
    /// `tls.httpsRedirect`.
    let httpsRedirect: Bool
}

/// An Envoy virtual host: domains and ordered routes.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledVirtualHost: Sendable {
    /// `domain:port` (`*:80`).
    let name: String
    /// Domains (one per vhost, as istiod builds them for gateways).
    let domains: [String]
    /// Routes, catch-alls last.
    let routes: [CompiledRoute]
    /// `require_tls: ALL` from `httpsRedirect`.
    let requireTLS: Bool

    init(name: String, domains: [String], routes: [CompiledRoute], requireTLS: Bool) {
        self.name = name
        self.domains = domains
        self.routes = routes
        self.requireTLS = requireTLS
    }
}
