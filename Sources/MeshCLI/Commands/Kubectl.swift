import ArgumentParser
import Foundation
import MeshAPI

/// `meshsim kubectl -- ARGS`: runs the real kubectl against this profile, as `minikube kubectl --` does.
struct Kubectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl", abstract: "Run kubectl against the cluster.")
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .captureForPassthrough, help: "Arguments for kubectl") var arguments: [String] = []

    func run() async throws {
        try await runCLI {
            _ = try DaemonConnection.open(global)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["kubectl", "--kubeconfig", global.paths.kubeconfig] + arguments.filter { $0 != "--" }
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { throw CLIError("", code: process.terminationStatus) }
        }
    }
}
