import ArgumentParser
import Foundation
import MeshCore

/// `meshsim logs POD [-c CONTAINER] [-f]`: the pod server's nginx-style access log, or the sidecar's.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print the logs of a container in a pod.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
    @Option(name: .shortAndLong, help: "Container name (default: the app container).") var container: String?
    @Flag(name: .shortAndLong, help: "Stream new lines as they are written.") var follow = false
    @Option(help: "Lines from the end to show.") var tail: Int?
    @Argument(help: "POD or pod/POD") var pod: String

    func run() async throws {
        try await runCLI {
            let name = pod.hasPrefix("pod/") ? String(pod.dropFirst(4)) : pod
            let connection = try DaemonConnection.open(global)
            var path = ResourceURL.path(Pod.resourceKind, namespace: namespace, name: name) + "/log?"
            if let container { path += "container=\(container)&" }
            if let tail { path += "tailLines=\(tail)&" }
            if follow { path += "follow=true" }
            if !follow {
                let reply = try await connection.request(.GET, path)
                if reply.status >= 400 { _ = try connection.decode(reply) }
                print(reply.text, terminator: "")
                return
            }
            for try await part in connection.client.stream(.GET, path) {
                if case .chunk(let bytes) = part {
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        }
    }
}
