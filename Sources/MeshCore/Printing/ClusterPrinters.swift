import Foundation

/// `kubectl get nodes`, `namespaces` and `events` rows.
///
/// Why: copies `printNode` (STATUS from the Ready condition plus `SchedulingDisabled`, ROLES from
/// `node-role.kubernetes.io/*` and `kubernetes.io/role`), `printNamespace` and `printEvent` (printers.go).
public enum ClusterPrinters {
    /// Node columns.
    public static let nodeColumns = [
        TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
        TableColumn("Status", description: "The status of the node"),
        TableColumn("Roles", description: "The roles of the node"),
        WorkloadPrinters.age,
        TableColumn("Version", description: "Kubelet Version reported by the node."),
        TableColumn(
            "Internal-IP", priority: 1,
            description: "List of addresses reachable to the node. Queried from cloud provider, if available."),
        TableColumn(
            "External-IP", priority: 1,
            description: "List of addresses reachable to the node. Queried from cloud provider, if available."),
        TableColumn(
            "OS-Image", priority: 1,
            description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
        TableColumn(
            "Kernel-Version", priority: 1,
            description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
        TableColumn(
            "Container-Runtime", priority: 1,
            description:
                "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
    ]

    /// The Nodes table.
    public static func nodes(_ items: [Node], now: Double) -> Table {
        Table(
            columns: nodeColumns,
            rows: items.map { node in
                var status: [String] = []
                if let ready = node.status.conditions?.condition("Ready") {
                    status.append(ready.status == "True" ? "Ready" : "NotReady")
                }
                if status.isEmpty { status.append("Unknown") }
                if node.spec.unschedulable == true { status.append("SchedulingDisabled") }
                var roles = Set<String>()
                for (key, value) in node.metadata.labels ?? [:] {
                    if key.hasPrefix("node-role.kubernetes.io/") {
                        let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                        if !role.isEmpty { roles.insert(role) }
                    } else if key == "kubernetes.io/role", !value.isEmpty {
                        roles.insert(value)
                    }
                }
                let info = node.status.nodeInfo
                func address(_ type: String) -> String {
                    node.status.addresses?.first { $0.type == type }?.address ?? "<none>"
                }
                func known(_ text: String?) -> String { (text ?? "").isEmpty ? "<unknown>" : text ?? "" }
                return [
                    node.metadata.nameOrEmpty, status.joined(separator: ","),
                    roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","),
                    Timestamp.age(since: FastTime.parse(node.metadata.creationTimestamp), now: now),
                    info?.kubeletVersion ?? "",
                    address("InternalIP"), address("ExternalIP"), known(info?.osImage), known(info?.kernelVersion),
                    known(info?.containerRuntimeVersion),
                ]
            })
    }

    /// Namespace columns.
    public static let namespaceColumns = [
        TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
        TableColumn("Status", description: "The status of the namespace"),
        WorkloadPrinters.age,
    ]

    /// The Namespaces table.
    public static func namespaces(_ items: [Namespace], now: Double) -> Table {
        Table(
            columns: namespaceColumns,
            rows: items.map {
                [
                    $0.metadata.nameOrEmpty, $0.status?.phase ?? "",
                    Timestamp.age(since: FastTime.parse($0.metadata.creationTimestamp), now: now),
                ]
            })
    }

    /// Event columns (wide ones interleaved, as printers.go defines them).
    public static let eventColumns = [
        TableColumn("Last Seen", description: "Time when last event occurred"),
        TableColumn(
            "Type", description: "Type of this event (Normal, Warning), new types could be added in the future."),
        TableColumn("Reason", description: "Reason for the transition into the object's current status"),
        TableColumn("Object", description: "Object this event is about"),
        TableColumn("Subobject", priority: 1, description: "Subobject this event is about"),
        TableColumn("Source", priority: 1, description: "Source of the event"),
        TableColumn("Message", description: "A human-readable description of the status of this operation."),
        TableColumn("First Seen", priority: 1, description: "Time when first event occurred"),
        TableColumn("Count", type: "integer", priority: 1, description: "Number of times this event has occurred"),
        TableColumn("Name", format: "name", priority: 1, description: "Name must be unique within a namespace."),
    ]

    /// The Events table.
    public static func events(_ items: [Event], now: Double) -> Table {
        Table(
            columns: eventColumns,
            rows: items.map { event in
                let first = Timestamp.age(since: FastTime.parse(event.firstTimestamp), now: now)
                let last = event.lastTimestamp.map { Timestamp.age(since: FastTime.parse($0), now: now) } ?? first
                let kind = (event.involvedObject.kind ?? "").lowercased()
                let target =
                    (event.involvedObject.name ?? "").isEmpty ? kind : "\(kind)/\(event.involvedObject.name ?? "")"
                var source = event.source?.component ?? event.reportingComponent ?? ""
                if let host = event.source?.host, !host.isEmpty { source += ", \(host)" }
                return [
                    last, event.type ?? "", event.reason ?? "", target, event.involvedObject.fieldPath ?? "", source,
                    (event.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines), first,
                    String(max(1, event.count ?? 1)),
                    event.metadata.nameOrEmpty,
                ]
            })
    }
}
