import ArgumentParser
import Foundation
import MeshCore
import MeshManifest

/// `meshsim get KIND [NAME]`: kubectl's tables, `-o wide|yaml|json|name`, `-l`, `-A`.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Display one or many resources (like `kubectl get`).")

    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace (default: default).") var namespace: String?
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false
    @Option(name: .shortAndLong, help: "Output format: wide, yaml, json, name.") var output: String?
    @Option(name: [.short, .customLong("selector")], help: "Label selector, e.g. app=myapp,version!=v2.")
    var selector: String?
    @Flag(name: .customLong("show-labels"), help: "Show labels as the last column.") var showLabels = false
    @Argument(help: "KIND[,KIND...] [NAME...]") var arguments: [String]

    func validate() throws {
        if let output, !["wide", "yaml", "json", "name"].contains(output) {
            throw ValidationError(
                "unable to match a printer suitable for the output format \"\(output)\", allowed formats are: json,name,wide,yaml"
            )
        }
    }

    func run() async throws {
        try await runCLI {
            var names = arguments
            let kindsText = names.removeFirst()
            var kinds: [ResourceKind] = []
            for part in kindsText.split(separator: ",") {
                var text = String(part)
                if let slash = text.firstIndex(of: "/") {
                    names.append(String(text[text.index(after: slash)...]))
                    text = String(text[..<slash])
                }
                let resolved = text == "all" ? ["pods", "services", "deployments", "replicasets"] : [text]
                for name in resolved {
                    guard let type = ResourceRegistry.type(forName: name) else {
                        throw CLIError("error: the server doesn't have a resource type \"\(name)\"")
                    }
                    kinds.append(type.resourceKind)
                }
            }
            let connection = try DaemonConnection.open(global)
            let namespaceName = namespace ?? "default"
            var sections: [String] = []
            var collected: [JSONValue] = []
            var anyFound = false
            for kind in kinds {
                var items: [JSONValue] = []
                if names.isEmpty {
                    var path = ResourceURL.path(kind, namespace: allNamespaces ? nil : namespaceName)
                    if let selector {
                        path +=
                            "?labelSelector=\(selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector)"
                    }
                    items = try await connection.getJSON(path)["items"]?.arrayValue ?? []
                } else {
                    for name in names {
                        items.append(
                            try await connection.getJSON(ResourceURL.path(kind, namespace: namespaceName, name: name)))
                    }
                }
                anyFound = anyFound || !items.isEmpty
                collected += items
                if output == nil || output == "wide", !items.isEmpty {
                    let showKind = kinds.count > 1
                    sections.append(
                        TableRendering.render(
                            kind: kind, items: items, wide: output == "wide", allNamespaces: allNamespaces,
                            showKind: showKind, showLabels: showLabels, now: Date().timeIntervalSince1970))
                }
            }
            switch output {
            case "json":
                let value = collected.count == 1 && !names.isEmpty ? collected[0] : listObject(collected)
                print(String(decoding: try JSONCoding.prettyEncoder.encode(value), as: UTF8.self))
            case "yaml":
                if collected.count == 1 && !names.isEmpty {
                    print(KubectlYAML.render(collected[0]), terminator: "")
                } else {
                    print(KubectlYAML.renderList(collected), terminator: "")
                }
            case "name":
                for item in collected {
                    let kind = ResourceRegistry.type(forKind: item["kind"]?.stringValue ?? "")?.resourceKind
                    print("\(kind?.qualifiedSingular ?? "")/\(item["metadata"]?["name"]?.stringValue ?? "")")
                }
            default:
                if !anyFound {
                    printError(
                        allNamespaces ? "No resources found" : "No resources found in \(namespaceName) namespace.")
                } else {
                    print(sections.joined(separator: "\n"), terminator: "")
                }
            }
        }
    }

    private func listObject(_ items: [JSONValue]) -> JSONValue {
        .object([
            "apiVersion": .string("v1"), "kind": .string("List"), "items": .array(items),
            "metadata": .object(["resourceVersion": .string("")]),
        ])
    }
}
