/// Istio host-name rules (reference §1.4, §2.3, §2.4): short-name expansion, wildcard coverage and the
/// Host-header normalisation Envoy applies at the gateway.
public enum HostName {
    /// `ResolveShortnameToFQDN`: a name without a dot (and not `*`) becomes
    /// `<name>.<namespace>.svc.cluster.local`; anything with a dot is taken verbatim.
    public static func resolve(_ host: String, namespace: String) -> String {
        if host == "*" || host.contains(".") || host.contains(":") { return host.lowercased() }
        return "\(host).\(namespace).svc.cluster.local".lowercased()
    }

    /// Istio `host.Name.Matches` one way: whether `pattern` (maybe `*` or `*.suffix`) covers `host`.
    public static func covers(_ pattern: String, _ host: String) -> Bool {
        if pattern == host || pattern == "*" { return true }
        guard pattern.hasPrefix("*") else { return false }
        let suffix = pattern.dropFirst()  // ".example.com"
        if host.hasPrefix("*") { return host.dropFirst().hasSuffix(suffix) }
        return host.count > suffix.count && host.hasSuffix(suffix)
    }

    /// The vhost domain for a server host and a VirtualService host: the more specific side when one
    /// covers the other, nil when they don't intersect (§2.3 table).
    public static func intersection(server: String, virtualService: String) -> String? {
        if covers(server, virtualService) { return virtualService }
        if covers(virtualService, server) { return server }
        return nil
    }

    /// The Host header without its port, lower-cased (`ignore_port_in_host_matching`).
    public static func normalizedAuthority(_ authority: String) -> String {
        var host = Substring(authority)
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") { host = host[...close] }
        } else if let colon = authority.utf8.lastIndex(of: UInt8(ascii: ":")) {
            host = host[..<colon]
        }
        if host.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) { return host.lowercased() }
        return String(host)
    }

    /// The authority without its port, case kept (redirect `location` building).
    static func normalizedAuthorityKeepingCase(_ authority: String) -> String {
        if authority.hasPrefix("[") {
            if let close = authority.firstIndex(of: "]") { return String(authority[...close]) }
            return authority
        }
        if let colon = authority.lastIndex(of: ":") { return String(authority[..<colon]) }
        return authority
    }

    /// Splits a gateway server host `ns/dnsName` into (namespace restriction, dnsName).
    static func splitServerHost(_ host: String) -> (namespace: String, dnsName: String) {
        guard let slash = host.firstIndex(of: "/") else { return ("*", host.lowercased()) }
        return (String(host[..<slash]), String(host[host.index(after: slash)...]).lowercased())
    }

    /// Resolves a gateway reference from a VirtualService: `name` → `<vs-namespace>/name`.
    static func gatewayKey(_ reference: String, namespace: String) -> String {
        if reference == "mesh" || reference.contains("/") { return reference }
        // Why: the legacy `name.namespace` form is still accepted by istiod.
        if let dot = reference.firstIndex(of: ".") {
            return "\(reference[reference.index(after: dot)...])/\(reference[..<dot])"
        }
        return "\(namespace)/\(reference)"
    }

    /// Whether a resource's `exportTo` makes it visible in `namespace` (`*` by default, `.` = own).
    static func isExported(_ exportTo: [String]?, from owner: String, to namespace: String) -> Bool {
        guard let exportTo, !exportTo.isEmpty else { return true }
        return exportTo.contains { $0 == "*" || ($0 == "." && owner == namespace) || $0 == namespace }
    }
}
