import ArgumentParser
import Foundation
import MeshCore

/// `meshsim label KIND NAME key=value key-`: as `kubectl label`.
struct Label: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Update the labels on a resource.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
    @Flag(help: "Allow replacing existing values.") var overwrite = false
    @Argument(help: "KIND NAME key=value... (key- removes)") var arguments: [String]

    func run() async throws {
        try await runCLI {
            var words = arguments
            let changes = words.filter { $0.contains("=") || $0.hasSuffix("-") }
            words.removeAll { changes.contains($0) }
            let (kind, name) = try KindAndName.parse(words)
            guard !changes.isEmpty else { throw CLIError("error: at least one label update is required") }
            let connection = try DaemonConnection.open(global)
            let path = ResourceURL.path(kind, namespace: namespace, name: name)
            let current = try await connection.getJSON(path)["metadata"]?["labels"]?.objectValue ?? [:]
            var patch: [String: JSONValue] = [:]
            for change in changes {
                if change.hasSuffix("-") && !change.contains("=") {
                    patch[String(change.dropLast())] = .null
                    continue
                }
                let parts = change.split(separator: "=", maxSplits: 1).map(String.init)
                let key = parts[0]
                let value = parts.count > 1 ? parts[1] : ""
                if let existing = current[key]?.stringValue, existing != value, !overwrite {
                    throw CLIError("error: '\(key)' already has a value (\(existing)), and --overwrite is false")
                }
                patch[key] = .string(value)
            }
            let body: JSONValue = .object(["metadata": .object(["labels": .object(patch)])])
            let reply = try await connection.request(
                .PATCH, path, body: Array(try JSONCoding.encoder.encode(body)),
                contentType: "application/merge-patch+json")
            _ = try connection.decode(reply)
            print("\(kind.qualifiedSingular)/\(name) labeled")
        }
    }
}
