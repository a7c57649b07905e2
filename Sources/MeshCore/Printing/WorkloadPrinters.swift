/// `kubectl get deployments` and `kubectl get replicasets` rows.
///
/// Why: copies `printDeployment` and `printReplicaSet` (printers.go).
public enum WorkloadPrinters {
    static let age = TableColumn(
        "Age",
        description: "CreationTimestamp is a timestamp representing the server time when this object was created.")
    static let wide = [
        TableColumn("Containers", priority: 1, description: "Names of each container in the template."),
        TableColumn("Images", priority: 1, description: "Images referenced by each container in the template."),
        TableColumn("Selector", priority: 1, description: "Label selector for pods."),
    ]

    /// Deployment columns.
    public static let deploymentColumns =
        [
            TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
            TableColumn("Ready", description: "Number of the pod with ready state"),
            TableColumn(
                "Up-to-date", type: "integer",
                description:
                    "Total number of non-terminated pods targeted by this deployment that have the desired template spec."
            ),
            TableColumn(
                "Available", type: "integer",
                description:
                    "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            age,
        ] + wide

    /// ReplicaSet columns.
    public static let replicaSetColumns =
        [
            TableColumn("Name", format: "name", description: "Name must be unique within a namespace."),
            TableColumn("Desired", type: "integer", description: "Replicas is the number of desired replicas."),
            TableColumn(
                "Current", type: "integer", description: "Replicas is the most recently observed number of replicas."),
            TableColumn("Ready", type: "integer", description: "The number of ready replicas for this replica set."),
            age,
        ] + wide

    /// The Deployments table.
    public static func deployments(_ items: [Deployment], now: Double) -> Table {
        Table(
            columns: deploymentColumns,
            rows: items.map { d in
                let status = d.status ?? DeploymentStatus()
                return [
                    d.metadata.nameOrEmpty, "\(status.readyReplicas ?? 0)/\(d.spec.replicas ?? 0)",
                    String(status.updatedReplicas ?? 0),
                    String(status.availableReplicas ?? 0),
                    Timestamp.age(since: FastTime.parse(d.metadata.creationTimestamp), now: now),
                ] + containerCells(d.spec.template.spec.containers) + [selectorText(d.spec.selector)]
            })
    }

    /// The ReplicaSets table.
    public static func replicaSets(_ items: [ReplicaSet], now: Double) -> Table {
        Table(
            columns: replicaSetColumns,
            rows: items.map { rs in
                [
                    rs.metadata.nameOrEmpty, String(rs.spec.replicas ?? 0), String(rs.status?.replicas ?? 0),
                    String(rs.status?.readyReplicas ?? 0),
                    Timestamp.age(since: FastTime.parse(rs.metadata.creationTimestamp), now: now),
                ] + containerCells(rs.spec.template.spec.containers) + [selectorText(rs.spec.selector)]
            })
    }

    /// `layoutContainerCells`: names and images comma-joined.
    static func containerCells(_ containers: [Container]) -> [String] {
        [containers.map(\.name).joined(separator: ","), containers.map { $0.image ?? "" }.joined(separator: ",")]
    }

    /// `metav1.LabelSelectorAsSelector(...).String()`: requirements sorted by key; empty when nil.
    static func selectorText(_ selector: LabelSelector?) -> String {
        guard let selector else { return "" }
        var parts: [(String, String)] = (selector.matchLabels ?? [:]).map { ($0.key, "\($0.key)=\($0.value)") }
        for requirement in selector.matchExpressions ?? [] {
            let values = (requirement.values ?? []).sorted().joined(separator: ",")
            switch requirement.operator {
            case "In": parts.append((requirement.key, "\(requirement.key) in (\(values))"))
            case "NotIn": parts.append((requirement.key, "\(requirement.key) notin (\(values))"))
            case "Exists": parts.append((requirement.key, requirement.key))
            case "DoesNotExist": parts.append((requirement.key, "!\(requirement.key)"))
            default: break
            }
        }
        return parts.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ",")
    }
}
