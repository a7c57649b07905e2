/// `kubectl get services` and `kubectl get endpoints` rows.
///
/// Why: copies `printService` (with `getServiceExternalIP`, `makePortString`) and `printEndpoints`
/// (`formatEndpoints`: at most 3 `ip:port` entries, then `+ N more...`) from printers.go.
public enum ServicePrinters {
    /// Service columns.
    public static let serviceColumns = [
        TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
        TableColumn("Type", description: "type determines how the Service is exposed."),
        TableColumn(
            "Cluster-IP", description: "clusterIP is the IP address of the service and is usually assigned randomly."),
        TableColumn(
            "External-IP",
            description:
                "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."
        ),
        TableColumn("Port(s)", description: "The list of ports that are exposed by this service."),
        WorkloadPrinters.age,
        TableColumn(
            "Selector", priority: 1,
            description: "Route service traffic to pods with label keys and values matching this selector."),
    ]

    /// Endpoints columns.
    public static let endpointsColumns = [
        TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
        TableColumn("Endpoints", description: "Endpoints of the service"),
        WorkloadPrinters.age,
    ]

    /// The Services table.
    public static func services(_ items: [Service], now: Double) -> Table {
        Table(
            columns: serviceColumns,
            rows: items.map { service in
                let ports = (service.spec.ports ?? []).map { port in
                    let proto = port.protocol_ ?? "TCP"
                    if let node = port.nodePort, node > 0 { return "\(port.port):\(node)/\(proto)" }
                    return "\(port.port)/\(proto)"
                }.joined(separator: ",")
                return [
                    service.metadata.nameOrEmpty, service.spec.type ?? "ClusterIP",
                    service.spec.clusterIPs?.first ?? service.spec.clusterIP ?? "<none>",
                    externalIP(service, wide: false),
                    ports.isEmpty ? "<none>" : ports,
                    Timestamp.age(since: FastTime.parse(service.metadata.creationTimestamp), now: now),
                    formatLabels(service.spec.selector),
                ]
            })
    }

    /// `getServiceExternalIP`.
    public static func externalIP(_ service: Service, wide: Bool) -> String {
        let external = service.spec.externalIPs ?? []
        switch service.spec.type ?? "ClusterIP" {
        case "ClusterIP", "NodePort":
            return external.isEmpty ? "<none>" : external.joined(separator: ",")
        case "LoadBalancer":
            let ingress = service.status?["loadBalancer"]?["ingress"]?.arrayValue ?? []
            var lb = ingress.compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }.joined(separator: ",")
            if !wide && lb.count > 16 { lb = String(lb.prefix(13)) + "..." }
            if !external.isEmpty {
                return ((lb.isEmpty ? [] : lb.split(separator: ",").map(String.init)) + external).joined(separator: ",")
            }
            return lb.isEmpty ? "<pending>" : lb
        case "ExternalName":
            return service.spec.externalName ?? ""
        default:
            return "<unknown>"
        }
    }

    /// `labels.FormatLabels`: sorted `k=v` pairs, `<none>` when empty.
    public static func formatLabels(_ labels: [String: String]?) -> String {
        guard let labels, !labels.isEmpty else { return "<none>" }
        return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// The Endpoints table.
    public static func endpoints(_ items: [Endpoints], now: Double) -> Table {
        Table(
            columns: endpointsColumns,
            rows: items.map { endpoints in
                [
                    endpoints.metadata.nameOrEmpty, format(endpoints),
                    Timestamp.age(since: FastTime.parse(endpoints.metadata.creationTimestamp), now: now),
                ]
            })
    }

    /// `formatEndpoints`.
    public static func format(_ endpoints: Endpoints) -> String {
        guard let subsets = endpoints.subsets, !subsets.isEmpty else { return "<none>" }
        var list: [String] = []
        var more = false
        var count = 0
        for subset in subsets {
            let addresses = subset.addresses ?? []
            let ports = subset.ports ?? []
            if ports.isEmpty {
                count += addresses.count
                for address in addresses {
                    if list.count == 3 { more = true; break }
                    list.append(address.ip)
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for address in addresses {
                    if list.count == 3 { more = true; break }
                    list.append(
                        address.ip.contains(":") ? "[\(address.ip)]:\(port.port)" : "\(address.ip):\(port.port)")
                }
            }
        }
        let text = list.joined(separator: ",")
        return more ? "\(text) + \(count - 3) more..." : text
    }
}
