/// An Envoy HTTP listener on the gateway (`0.0.0.0_8080`, route config `http.8080`).
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledListener: Sendable {
    /// The Envoy listener port (8080 for Gateway port 80).
    let port: Int
    /// The real local port the data plane binds.
    let localPort: Int
    /// The Gateway servers merged on this listener: `ns/gateway` and the server's declared port.
    let servers: [ServerReference]
    /// Virtual hosts, in build order.
    let virtualHosts: [CompiledVirtualHost]
    /// Exact domain → vhost index.
    let exactDomains: [String: Int]
    /// `*.suffix` domains: (".suffix", vhost index), longest suffix first.
    let suffixDomains: [(suffix: String, index: Int)]
    /// The `*` vhost.
    let starDomain: Int?
    /// True when no VirtualService is bound: istiod installs one route-less "blackhole" vhost.
    let isBlackhole: Bool

    /// `0.0.0.0_8080`.
    var name: String { "0.0.0.0_\(port)" }
    /// `http.8080`.
    var routeConfigName: String { "http.\(port)" }

    /// Envoy's vhost choice (§2.4): exact > longest `*.suffix` > `*`, on a port-less lower-cased host.
    func selectVirtualHost(_ authority: String) -> Int? {
        if exactDomains.isEmpty && suffixDomains.isEmpty { return starDomain }
        let host = HostName.normalizedAuthority(authority)
        if let index = exactDomains[host] { return index }
        for entry in suffixDomains where host.count > entry.suffix.count && host.hasSuffix(entry.suffix) {
            return entry.index
        }
        return starDomain
    }

    init(
        port: Int, localPort: Int, servers: [ServerReference], virtualHosts: [CompiledVirtualHost],
        exactDomains: [String: Int], suffixDomains: [(suffix: String, index: Int)], starDomain: Int?,
        isBlackhole: Bool
    ) {
        self.port = port
        self.localPort = localPort
        self.servers = servers
        self.virtualHosts = virtualHosts
        self.exactDomains = exactDomains
        self.suffixDomains = suffixDomains
        self.starDomain = starDomain
        self.isBlackhole = isBlackhole
    }
}
