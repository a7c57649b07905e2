/// Collects vhosts for one listener: one vhost per domain, routes of every VirtualService that
/// lands on the same domain appended in order, then catch-alls moved last (istio `SortVHostRoutes`).
struct VirtualHostAccumulator {
    private var order: [String] = []
    private var entries: [String: (name: String, routes: [CompiledRoute], requireTLS: Bool)] = [:]

    func contains(_ domain: String) -> Bool { entries[domain] != nil }

    mutating func add(domain: String, serverPort: Int, routes: [CompiledRoute], requireTLS: Bool) {
        if var entry = entries[domain] {
            entry.routes += routes
            entry.requireTLS = entry.requireTLS || requireTLS
            entries[domain] = entry
        } else {
            order.append(domain)
            entries[domain] = ("\(domain):\(serverPort)", routes, requireTLS)
        }
    }

    func listener(port: Int, localPort: Int, servers: [ServerReference], blackholePort: Int) -> CompiledListener {
        var hosts: [CompiledVirtualHost] = order.map { domain in
            let entry = entries[domain]!
            // Why: stable partition, so relative order is kept on both sides (§2.4).
            let sorted = entry.routes.filter { !$0.isCatchAll } + entry.routes.filter(\.isCatchAll)
            return CompiledVirtualHost(
                name: entry.name, domains: [domain], routes: sorted, requireTLS: entry.requireTLS)
        }
        let blackhole = hosts.isEmpty
        if blackhole {
            hosts = [
                CompiledVirtualHost(name: "blackhole:\(blackholePort)", domains: ["*"], routes: [], requireTLS: false)
            ]
        }
        var exact: [String: Int] = [:]
        var suffixes: [(suffix: String, index: Int)] = []
        var star: Int?
        for (index, host) in hosts.enumerated() {
            let domain = host.domains[0]
            if domain == "*" {
                star = star ?? index
            } else if domain.hasPrefix("*") {
                suffixes.append((String(domain.dropFirst()), index))
            } else {
                exact[domain] = exact[domain] ?? index
            }
        }
        suffixes.sort { $0.suffix.count > $1.suffix.count }
        return CompiledListener(
            port: port, localPort: localPort, servers: servers, virtualHosts: hosts, exactDomains: exact,
            suffixDomains: suffixes, starDomain: star, isBlackhole: blackhole)
    }
}
