import ArgumentParser
import Foundation
import MeshCore

/// `meshsim scale deployment NAME --replicas N`.
struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale", abstract: "Set a new size for a Deployment or ReplicaSet.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
    @Option(help: "The new desired number of replicas.") var replicas: Int
    @Argument(help: "KIND NAME, or KIND/NAME") var arguments: [String]

    func validate() throws {
        if replicas < 0 {
            throw ValidationError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
        }
    }

    func run() async throws {
        try await runCLI {
            let (kind, name) = try KindAndName.parse(arguments)
            guard ["Deployment", "ReplicaSet"].contains(kind.kind) else {
                throw CLIError("error: cannot scale \(kind.plural): only deployments and replicasets can be scaled")
            }
            let connection = try DaemonConnection.open(global)
            let patch: JSONValue = .object(["spec": .object(["replicas": .int(replicas)])])
            let reply = try await connection.request(
                .PATCH, ResourceURL.path(kind, namespace: namespace, name: name),
                body: Array(try JSONCoding.encoder.encode(patch)),
                contentType: "application/merge-patch+json")
            _ = try connection.decode(reply)
            print("\(kind.qualifiedSingular)/\(name) scaled")
        }
    }
}

/// Parses `KIND NAME` or `KIND/NAME`.
enum KindAndName {
    static func parse(_ arguments: [String]) throws -> (ResourceKind, String) {
        var words = arguments
        if words.count == 1, let slash = words[0].firstIndex(of: "/") {
            let text = words[0]
            words = [String(text[..<slash]), String(text[text.index(after: slash)...])]
        }
        guard words.count == 2 else { throw CLIError("error: expected KIND NAME or KIND/NAME") }
        guard let type = ResourceRegistry.type(forName: words[0]) else {
            throw CLIError("error: the server doesn't have a resource type \"\(words[0])\"")
        }
        return (type.resourceKind, words[1])
    }
}
