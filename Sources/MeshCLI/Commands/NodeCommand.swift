import ArgumentParser
import Foundation

/// `meshsim node stop|start|list NAME`: as `minikube node stop m02`.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node", abstract: "Stop, start or list simulated nodes.",
        subcommands: [Stop.self, Start.self, List.self])

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract:
                "Stop a node: NotReady, its pods NotReady at once, evicted when their tolerations run out (300 s by default) and rescheduled elsewhere."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Node name, e.g. meshsim-m02") var name: String
        func run() async throws { try await NodeCommand.post("stop", name: name, global: global) }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a stopped node.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Node name") var name: String
        func run() async throws { try await NodeCommand.post("start", name: name, global: global) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List nodes and their addresses.")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            try await runCLI {
                let connection = try DaemonConnection.open(global)
                let nodes = try await connection.getJSON("/api/v1/nodes")
                for node in nodes["items"]?.arrayValue ?? [] {
                    let address = node["status"]?["addresses"]?.arrayValue?.first {
                        $0["type"]?.stringValue == "InternalIP"
                    }
                    print("\(node["metadata"]?["name"]?.stringValue ?? "")\t\(address?["address"]?.stringValue ?? "")")
                }
            }
        }
    }

    static func post(_ action: String, name: String, global: GlobalOptions) async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            let reply = try await connection.request(.POST, "/meshsim/v1/node/\(action)?name=\(name)")
            if reply.status >= 400 { _ = try connection.decode(reply) }
            print(reply.text, terminator: "")
        }
    }
}
