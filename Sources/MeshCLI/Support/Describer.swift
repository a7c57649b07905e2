import Foundation
import MeshCore

/// kubectl's `describe` text: a header of key fields, sections per kind, then Events.
enum Describer {
    static func describe(_ object: JSONValue, kind: ResourceKind, events: [JSONValue], now: Double) -> String {
        var out = DescribeWriter()
        let metadata = object["metadata"] ?? .null
        out.line("Name:", metadata["name"]?.stringValue ?? "")
        if kind.namespaced { out.line("Namespace:", metadata["namespace"]?.stringValue ?? "") }
        switch kind.kind {
        case "Pod": pod(object, into: &out)
        case "Deployment": deployment(object, into: &out)
        case "ReplicaSet": replicaSet(object, into: &out)
        case "Service": service(object, into: &out)
        case "Node": node(object, into: &out)
        default:
            out.map("Labels:", metadata["labels"])
            out.map("Annotations:", metadata["annotations"])
            out.line("API Version:", object["apiVersion"]?.stringValue ?? "")
            out.line("Kind:", object["kind"]?.stringValue ?? "")
            if let spec = object["spec"] {
                out.raw("Spec:")
                out.tree(spec, indent: 2)
            }
        }
        out.events(events, now: now)
        return out.text
    }

    private static func pod(_ pod: JSONValue, into out: inout DescribeWriter) {
        let metadata = pod["metadata"] ?? .null
        let status = pod["status"] ?? .null
        out.line("Priority:", "0")
        out.line("Service Account:", pod["spec"]?["serviceAccountName"]?.stringValue ?? "default")
        out.line(
            "Node:",
            pod["spec"]?["nodeName"]?.stringValue.map { "\($0)/\(status["hostIP"]?.stringValue ?? "")" } ?? "<none>")
        out.line("Start Time:", status["startTime"]?.stringValue ?? "<unset>")
        out.map("Labels:", metadata["labels"])
        out.map("Annotations:", metadata["annotations"])
        out.line(
            "Status:",
            metadata["deletionTimestamp"] != nil ? "Terminating" : (status["phase"]?.stringValue ?? "Pending"))
        out.line("IP:", status["podIP"]?.stringValue ?? "")
        if let local = metadata["annotations"]?["meshsim.io/local-address"]?.stringValue {
            out.line("Local Address:", "\(local)   (where the pod really listens on this machine)")
        }
        if let owner = metadata["ownerReferences"]?.arrayValue?.first {
            out.line("Controlled By:", "\(owner["kind"]?.stringValue ?? "")/\(owner["name"]?.stringValue ?? "")")
        }
        let statuses =
            (status["initContainerStatuses"]?.arrayValue ?? []) + (status["containerStatuses"]?.arrayValue ?? [])
        for (title, key) in [("Init Containers:", "initContainers"), ("Containers:", "containers")] {
            guard let containers = pod["spec"]?[key]?.arrayValue, !containers.isEmpty else { continue }
            out.raw(title)
            for container in containers {
                let name = container["name"]?.stringValue ?? ""
                out.raw("  \(name):")
                out.line("    Image:", container["image"]?.stringValue ?? "")
                let ports = (container["ports"]?.arrayValue ?? []).map {
                    "\($0["containerPort"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")"
                }
                out.line("    Port:", ports.isEmpty ? "<none>" : ports.joined(separator: ", "))
                if let state = statuses.first(where: { $0["name"]?.stringValue == name }) {
                    if let running = state["state"]?["running"] {
                        out.line("    State:", "Running")
                        out.line("      Started:", running["startedAt"]?.stringValue ?? "")
                    } else if let waiting = state["state"]?["waiting"] {
                        out.line("    State:", "Waiting")
                        out.line("      Reason:", waiting["reason"]?.stringValue ?? "")
                    } else if let terminated = state["state"]?["terminated"] {
                        out.line("    State:", "Terminated")
                        out.line("      Reason:", terminated["reason"]?.stringValue ?? "")
                        out.line("      Exit Code:", String(terminated["exitCode"]?.intValue ?? 0))
                    }
                    out.line("    Ready:", state["ready"] == .bool(true) ? "True" : "False")
                    out.line("    Restart Count:", String(state["restartCount"]?.intValue ?? 0))
                }
                let env = (container["env"]?.arrayValue ?? []).map {
                    "\($0["name"]?.stringValue ?? ""):  \($0["value"]?.stringValue ?? "")"
                }
                if env.isEmpty {
                    out.line("    Environment:", "<none>")
                } else {
                    out.raw("    Environment:")
                    for entry in env { out.raw("      \(entry)") }
                }
            }
        }
        if let conditions = status["conditions"]?.arrayValue {
            // kubectl's tabwriter: each cell is `type ` and the column is the widest cell plus 2.
            let types = conditions.map { condition in condition["type"]?.stringValue ?? "" }
            let width = max(4, (types.map(\.count).max() ?? 0) + 1) + 2
            out.raw("Conditions:")
            out.raw("  \("Type".padding(toLength: width, withPad: " ", startingAt: 0))Status")
            for (type, condition) in zip(types, conditions) {
                let padded = type.padding(toLength: width, withPad: " ", startingAt: 0)
                out.raw("  \(padded)\(condition["status"]?.stringValue ?? "") ")
            }
        }
        out.line("QoS Class:", status["qosClass"]?.stringValue ?? "BestEffort")
        out.map("Node-Selectors:", pod["spec"]?["nodeSelector"])
    }

    private static func deployment(_ deployment: JSONValue, into out: inout DescribeWriter) {
        let spec = deployment["spec"] ?? .null
        let status = deployment["status"] ?? .null
        out.line("CreationTimestamp:", deployment["metadata"]?["creationTimestamp"]?.stringValue ?? "")
        out.map("Labels:", deployment["metadata"]?["labels"])
        out.map("Annotations:", deployment["metadata"]?["annotations"])
        out.line("Selector:", selectorText(spec["selector"]))
        let desired = spec["replicas"]?.intValue ?? 1
        out.line(
            "Replicas:",
            "\(desired) desired | \(status["updatedReplicas"]?.intValue ?? 0) updated | \(status["replicas"]?.intValue ?? 0) total | \(status["availableReplicas"]?.intValue ?? 0) available | \(status["unavailableReplicas"]?.intValue ?? 0) unavailable"
        )
        out.line("StrategyType:", spec["strategy"]?["type"]?.stringValue ?? "RollingUpdate")
        out.line("MinReadySeconds:", String(spec["minReadySeconds"]?.intValue ?? 0))
        if let rolling = spec["strategy"]?["rollingUpdate"] {
            out.line(
                "RollingUpdateStrategy:",
                "\(intOrString(rolling["maxUnavailable"])) max unavailable, \(intOrString(rolling["maxSurge"])) max surge"
            )
        }
        template(spec["template"], into: &out)
        conditions(status["conditions"], into: &out)
    }

    private static func replicaSet(_ rs: JSONValue, into out: inout DescribeWriter) {
        let spec = rs["spec"] ?? .null
        let status = rs["status"] ?? .null
        out.line("Selector:", selectorText(spec["selector"]))
        out.map("Labels:", rs["metadata"]?["labels"])
        out.map("Annotations:", rs["metadata"]?["annotations"])
        if let owner = rs["metadata"]?["ownerReferences"]?.arrayValue?.first {
            out.line("Controlled By:", "\(owner["kind"]?.stringValue ?? "")/\(owner["name"]?.stringValue ?? "")")
        }
        out.line(
            "Replicas:", "\(status["replicas"]?.intValue ?? 0) current / \(spec["replicas"]?.intValue ?? 1) desired")
        out.line(
            "Pods Status:", "\(status["readyReplicas"]?.intValue ?? 0) Running / 0 Waiting / 0 Succeeded / 0 Failed")
        template(spec["template"], into: &out)
    }

    private static func service(_ service: JSONValue, into out: inout DescribeWriter) {
        let spec = service["spec"] ?? .null
        out.map("Labels:", service["metadata"]?["labels"])
        out.map("Annotations:", service["metadata"]?["annotations"])
        out.map("Selector:", spec["selector"], separator: ",")
        out.line("Type:", spec["type"]?.stringValue ?? "ClusterIP")
        out.line("IP:", spec["clusterIP"]?.stringValue ?? "")
        for port in spec["ports"]?.arrayValue ?? [] {
            let name = port["name"]?.stringValue ?? "<unset>"
            out.line("Port:", "\(name)  \(port["port"]?.intValue ?? 0)/\(port["protocol"]?.stringValue ?? "TCP")")
            out.line("TargetPort:", "\(intOrString(port["targetPort"]))/\(port["protocol"]?.stringValue ?? "TCP")")
            if let nodePort = port["nodePort"]?.intValue { out.line("NodePort:", "\(name)  \(nodePort)/TCP") }
        }
        out.line("Session Affinity:", spec["sessionAffinity"]?.stringValue ?? "None")
    }

    private static func node(_ node: JSONValue, into out: inout DescribeWriter) {
        let status = node["status"] ?? .null
        out.map("Labels:", node["metadata"]?["labels"])
        out.line("CreationTimestamp:", node["metadata"]?["creationTimestamp"]?.stringValue ?? "")
        out.line("Unschedulable:", node["spec"]?["unschedulable"] == .bool(true) ? "true" : "false")
        conditions(status["conditions"], into: &out)
        out.raw("Addresses:")
        for address in status["addresses"]?.arrayValue ?? [] {
            out.raw("  \(address["type"]?.stringValue ?? ""):  \(address["address"]?.stringValue ?? "")")
        }
        for (title, key) in [("Capacity:", "capacity"), ("Allocatable:", "allocatable")] {
            out.raw(title)
            for (name, value) in (status[key]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                out.raw("  \(name):  \(value.stringValue ?? "")")
            }
        }
        out.line("PodCIDR:", node["spec"]?["podCIDR"]?.stringValue ?? "")
    }

    private static func template(_ template: JSONValue?, into out: inout DescribeWriter) {
        guard let template else { return }
        out.raw("Pod Template:")
        let labels = (template["metadata"]?["labels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        out.raw(
            "  Labels:  " + labels.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: "\n           "))
        out.raw("  Containers:")
        for container in template["spec"]?["containers"]?.arrayValue ?? [] {
            out.raw("   \(container["name"]?.stringValue ?? ""):")
            out.raw("    Image:        \(container["image"]?.stringValue ?? "")")
            let ports = (container["ports"]?.arrayValue ?? []).map {
                "\($0["containerPort"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")"
            }
            out.raw("    Port:         \(ports.isEmpty ? "<none>" : ports.joined(separator: ", "))")
        }
    }

    private static func conditions(_ conditions: JSONValue?, into out: inout DescribeWriter) {
        guard let list = conditions?.arrayValue, !list.isEmpty else { return }
        out.raw("Conditions:")
        out.raw("  Type           Status  Reason")
        out.raw("  ----           ------  ------")
        for condition in list {
            let type = (condition["type"]?.stringValue ?? "").padding(toLength: 15, withPad: " ", startingAt: 0)
            let status = (condition["status"]?.stringValue ?? "").padding(toLength: 8, withPad: " ", startingAt: 0)
            out.raw("  \(type)\(status)\(condition["reason"]?.stringValue ?? "")")
        }
    }

    static func selectorText(_ selector: JSONValue?) -> String {
        let labels = (selector?["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
        return labels.map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
    }

    static func intOrString(_ value: JSONValue?) -> String {
        switch value {
        case .int(let number)?: String(number)
        case .string(let text)?: text
        default: "<unset>"
        }
    }
}
