import Foundation

/// One row of `istioctl proxy-config routes`: NAME, VHOST NAME, DOMAINS, MATCH, VIRTUAL SERVICE.
public struct RouteListingRow: Sendable, Hashable {
    /// Route config name (`http.8080`).
    public var name: String
    /// Virtual host name (`*:80`, `blackhole:80`).
    public var virtualHost: String
    /// Domains, comma-joined.
    public var domains: String
    /// `/productpage`, `/static*`, `/*`; `/*` for the blackhole vhost.
    public var match: String
    /// `name.namespace`, or `404` for the blackhole vhost.
    public var virtualService: String

    /// Creates a row.
    public init(name: String, virtualHost: String, domains: String, match: String, virtualService: String) {
        self.name = name
        self.virtualHost = virtualHost
        self.domains = domains
        self.match = match
        self.virtualService = virtualService
    }
}

extension RouteTable {
    /// Every route of every listener, in Envoy order, like `istioctl proxy-config routes <gateway>`.
    public func routeListing() -> [RouteListingRow] {
        var rows: [RouteListingRow] = []
        for port in listenerPorts {
            guard let listener = listeners[port.port] else { continue }
            for vhost in listener.virtualHosts {
                let domains = vhost.domains.joined(separator: ",")
                if vhost.routes.isEmpty {
                    rows.append(
                        .init(
                            name: listener.routeConfigName, virtualHost: vhost.name, domains: domains, match: "/*",
                            virtualService: "404"))
                }
                for route in vhost.routes {
                    rows.append(
                        .init(
                            name: listener.routeConfigName, virtualHost: vhost.name, domains: domains,
                            match: route.match?.listing ?? "/*", virtualService: route.virtualServiceListing))
                }
            }
        }
        return rows
    }

    /// The listing as aligned text with a header, as the CLI prints it.
    public func routeListingText() -> [String] {
        let header = ["NAME", "VHOST NAME", "DOMAINS", "MATCH", "VIRTUAL SERVICE"]
        let rows = routeListing().map { [$0.name, $0.virtualHost, $0.domains, $0.match, $0.virtualService] }
        return TextTable.render([header] + rows)
    }
}
