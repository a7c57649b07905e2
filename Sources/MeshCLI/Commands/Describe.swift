import ArgumentParser
import Foundation
import MeshCore

/// `meshsim describe KIND NAME`: kubectl's describe layout, with the object's events.
struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show details of a resource.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
    @Argument(help: "KIND NAME, or KIND/NAME") var arguments: [String]

    func run() async throws {
        try await runCLI {
            let (kind, name) = try KindAndName.parse(arguments)
            let connection = try DaemonConnection.open(global)
            let object = try await connection.getJSON(ResourceURL.path(kind, namespace: namespace, name: name))
            var events: [JSONValue] = []
            if let uid = object["metadata"]?["uid"]?.stringValue {
                let list = try await connection.getJSON(
                    ResourceURL.path(Event.resourceKind, namespace: kind.namespaced ? namespace : "default")
                        + "?fieldSelector=involvedObject.uid=\(uid)")
                events = list["items"]?.arrayValue ?? []
            }
            print(
                Describer.describe(object, kind: kind, events: events, now: Date().timeIntervalSince1970),
                terminator: "")
        }
    }
}
