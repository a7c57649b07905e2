/// The Endpoints object a Service's selector yields, as the endpoints controller computes it.
///
/// Why: copies `EndpointController.syncService` (pkg/controller/endpoint/endpoints_controller.go):
/// pods need an IP, terminal pods are skipped, terminating pods too (unless publishNotReadyAddresses);
/// ready pods go to `addresses`, the rest to `notReadyAddresses`; each Service port resolves its
/// targetPort by number or by container port name (`podutil.FindPort`, pods lacking the name are
/// skipped for that port); `RepackSubsets` then groups ports served by the same address set.
/// Ordering: addresses by IP, ports by name then number, subsets by their first address.
public enum EndpointsPlanner {
    /// The Endpoints for `service` over the `pods` of its namespace; nil when the Service has no
    /// selector (such Endpoints are user-managed).
    public static func endpoints(for service: Service, pods: [Pod], now: Double? = nil) -> Endpoints? {
        guard let selector = service.spec.selector else { return nil }
        let namespace = service.metadata.namespace ?? "default"
        let publishNotReady = service.spec.publishNotReadyAddresses == true
        // For each endpoint port, the addresses (keyed by ip+uid) with their readiness.
        var byPort: [EndpointPort: [String: (EndpointAddress, Bool)]] = [:]
        var portOrder: [EndpointPort] = []
        for pod in pods where (pod.metadata.namespace ?? "default") == namespace {
            guard selector.allSatisfy({ pod.metadata.labels?[$0.key] == $0.value }) else { continue }
            guard !PodReadiness.isTerminal(pod) else { continue }
            guard let ip = pod.status?.podIP ?? pod.status?.podIPs?.first?.ip, !ip.isEmpty else { continue }
            if !publishNotReady && pod.isTerminating { continue }
            let address = EndpointAddress(
                ip: ip, nodeName: pod.spec.nodeName,
                targetRef: ObjectReference(
                    kind: "Pod", namespace: namespace, name: pod.metadata.name, uid: pod.metadata.uid))
            let ready = publishNotReady || pod.isReady
            let key = ip + "/" + (pod.metadata.uid ?? pod.metadata.nameOrEmpty)
            let ports = service.spec.ports ?? []
            if ports.isEmpty {
                guard service.spec.clusterIP == "None" else { continue }
                let sentinel = EndpointPort(name: nil, port: -1)
                if byPort[sentinel] == nil { portOrder.append(sentinel) }
                byPort[sentinel, default: [:]][key] = (address, ready)
            }
            for servicePort in ports {
                guard let number = findPort(pod, servicePort) else { continue }
                var port = EndpointPort(name: servicePort.name, port: number)
                port.protocol_ = servicePort.protocol_ ?? "TCP"
                if byPort[port] == nil { portOrder.append(port) }
                byPort[port, default: [:]][key] = (address, ready)
            }
        }
        // RepackSubsets: ports sharing an identical address set share a subset.
        var groups: [[String]: (addresses: [String: (EndpointAddress, Bool)], ports: [EndpointPort])] = [:]
        for port in portOrder {
            let members = byPort[port] ?? [:]
            let signature = members.map { "\($0.key)=\($0.value.1)" }.sorted()
            var group = groups[signature] ?? (members, [])
            if port.port > 0 { group.ports.append(port) }
            groups[signature] = group
        }
        var subsets: [EndpointSubset] = groups.values.map { group in
            let sorted = group.addresses.values.sorted {
                ipLess($0.0.ip, $1.0.ip)
                    || ($0.0.ip == $1.0.ip && ($0.0.targetRef?.uid ?? "") < ($1.0.targetRef?.uid ?? ""))
            }
            let ready = sorted.filter(\.1).map(\.0)
            let notReady = sorted.filter { !$0.1 }.map(\.0)
            let ports = group.ports.sorted { ($0.name ?? "", $0.port) < ($1.name ?? "", $1.port) }
            return EndpointSubset(
                addresses: ready.isEmpty ? nil : ready, notReadyAddresses: notReady.isEmpty ? nil : notReady,
                ports: ports.isEmpty ? nil : ports)
        }
        subsets.sort { lhs, rhs in
            let left = (lhs.addresses ?? lhs.notReadyAddresses ?? []).first?.ip ?? ""
            let right = (rhs.addresses ?? rhs.notReadyAddresses ?? []).first?.ip ?? ""
            if left != right { return ipLess(left, right) }
            return (lhs.ports?.first?.port ?? 0) < (rhs.ports?.first?.port ?? 0)
        }
        var meta = ObjectMeta(name: service.metadata.name, namespace: namespace, labels: service.metadata.labels)
        if service.spec.clusterIP == "None" {
            meta.labels = (meta.labels ?? [:]).merging(["service.kubernetes.io/headless": ""]) { $1 }
        }
        if let now { meta.annotations = ["endpoints.kubernetes.io/last-change-trigger-time": Timestamp.format(now)] }
        return Endpoints(metadata: meta, subsets: subsets.isEmpty ? nil : subsets)
    }

    /// `podutil.FindPort`: a numeric targetPort as is (the port itself when unset); a named one looked
    /// up among the containers' (and sidecar init containers') ports with the same protocol.
    public static func findPort(_ pod: Pod, _ servicePort: ServicePort) -> Int? {
        switch servicePort.targetPort ?? .int(servicePort.port) {
        case .int(let number): return number
        case .string(let name):
            let proto = servicePort.protocol_ ?? "TCP"
            let sidecars = (pod.spec.initContainers ?? []).filter { $0.restartPolicy == "Always" }
            for container in pod.spec.containers + sidecars {
                for port in container.ports ?? [] where port.name == name && (port.protocol_ ?? "TCP") == proto {
                    return port.containerPort
                }
            }
            return nil
        }
    }

    /// Numeric IPv4 ordering (`10.244.0.10` after `10.244.0.9`), text order otherwise.
    static func ipLess(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(separator: ".").compactMap { Int($0) }
        let right = rhs.split(separator: ".").compactMap { Int($0) }
        guard left.count == 4, right.count == 4 else { return lhs < rhs }
        return left.lexicographicallyPrecedes(right)
    }
}
