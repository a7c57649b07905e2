import ArgumentParser
import Foundation
import MeshCore

/// `meshsim rollout status|restart|undo|history deployment NAME`.
struct Rollout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout", abstract: "Manage the rollout of a Deployment.",
        subcommands: [StatusCommand.self, Restart.self, Undo.self, History.self])

    struct StatusCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Watch a rollout until it finishes.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
        @Option(help: "Give up after this many seconds.") var timeout: Double = 60
        @Argument var arguments: [String]

        func run() async throws {
            try await runCLI {
                let (_, name) = try KindAndName.parse(arguments)
                let connection = try DaemonConnection.open(global)
                let path = ResourceURL.path(Deployment.resourceKind, namespace: namespace, name: name)
                var last = ""
                let deadline = Date().addingTimeInterval(timeout)
                while true {
                    let deployment = try await connection.getJSON(path).decode(Deployment.self)
                    switch RolloutStatus.evaluate(deployment) {
                    case .done(let text):
                        print(text)
                        return
                    case .failed(let text): throw CLIError("error: \(text)")
                    case .waiting(let text):
                        if text != last { print(text) }
                        last = text
                    }
                    if Date() > deadline { throw CLIError("error: timed out waiting for the condition") }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restart", abstract: "Restart a Deployment's pods.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
        @Argument var arguments: [String]

        func run() async throws {
            try await runCLI {
                let (kind, name) = try KindAndName.parse(arguments)
                let connection = try DaemonConnection.open(global)
                // Why: kubectl restarts by stamping the template, which makes a new ReplicaSet.
                let patch: JSONValue = .object([
                    "spec": .object([
                        "template": .object([
                            "metadata": .object([
                                "annotations": .object([
                                    "kubectl.kubernetes.io/restartedAt": .string(
                                        Timestamp.format(Date().timeIntervalSince1970))
                                ])
                            ])
                        ])
                    ])
                ])
                let reply = try await connection.request(
                    .PATCH, ResourceURL.path(kind, namespace: namespace, name: name),
                    body: Array(try JSONCoding.encoder.encode(patch)), contentType: "application/merge-patch+json")
                _ = try connection.decode(reply)
                print("\(kind.qualifiedSingular)/\(name) restarted")
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo", abstract: "Roll back to a previous revision.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
        @Option(name: .customLong("to-revision"), help: "Revision to roll back to (0: the previous one).")
        var toRevision: Int = 0
        @Argument var arguments: [String]

        func run() async throws {
            try await runCLI {
                let (kind, name) = try KindAndName.parse(arguments)
                let connection = try DaemonConnection.open(global)
                let path = ResourceURL.path(kind, namespace: namespace, name: name)
                var deployment = try await connection.getJSON(path).decode(Deployment.self)
                let replicaSets = try await Rollout.replicaSets(
                    of: deployment, connection: connection, namespace: namespace)
                switch RolloutHistory.undo(deployment, replicaSets: replicaSets, toRevision: toRevision) {
                case .failure(let failure): throw CLIError("error: \(failure.description)")
                case .success(let undo):
                    switch undo {
                    case .skipped(let message):
                        print("\(kind.qualifiedSingular)/\(name) skipped rollback (\(message))")
                    case .rolledBack(let updated):
                        deployment = updated
                        deployment.metadata.resourceVersion = nil
                        let reply = try await connection.request(
                            .PUT, path, body: Array(try JSONCoding.encoder.encode(deployment)))
                        _ = try connection.decode(reply)
                        print("\(kind.qualifiedSingular)/\(name) rolled back")
                    }
                }
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "Show rollout history.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
        @Argument var arguments: [String]

        func run() async throws {
            try await runCLI {
                let (kind, name) = try KindAndName.parse(arguments)
                let connection = try DaemonConnection.open(global)
                let deployment = try await connection.getJSON(ResourceURL.path(kind, namespace: namespace, name: name))
                    .decode(Deployment.self)
                let replicaSets = try await Rollout.replicaSets(
                    of: deployment, connection: connection, namespace: namespace)
                print(RolloutHistory.text(deploymentName: name, replicaSets: replicaSets), terminator: "")
            }
        }
    }

    static func replicaSets(of deployment: Deployment, connection: DaemonConnection, namespace: String) async throws
        -> [ReplicaSet]
    {
        let list = try await connection.getJSON(ResourceURL.path(ReplicaSet.resourceKind, namespace: namespace))
        return (list["items"]?.arrayValue ?? []).compactMap { try? $0.decode(ReplicaSet.self) }.filter {
            $0.metadata.controllerRef?.uid == deployment.metadata.uid
        }
    }
}
