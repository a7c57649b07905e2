import ArgumentParser
import Foundation
import MeshAPI
import MeshCore

/// `meshsim service NAME --url`: the local URL(s) for a Service, as `minikube service --url`.
struct ServiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "Print a Service's local URL.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String?
    @Flag(help: "Print only the URL.") var url = false
    @Argument(help: "Service name") var name: String

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            if name == "istio-ingressgateway" && (namespace ?? "istio-system") == "istio-system" {
                let ports = connection.info.gatewayPorts.sorted { $0.key < $1.key }
                guard !ports.isEmpty else {
                    throw CLIError(
                        "❌  Exiting due to SVC_NOT_FOUND: the ingress gateway is not installed (--no-istio?)")
                }
                for (_, local) in ports { print("http://127.0.0.1:\(local)") }
                return
            }
            let service = try await connection.getJSON(
                ResourceURL.path(Service.resourceKind, namespace: namespace ?? "default", name: name))
            _ = service
            throw CLIError(
                "😿  service \(namespace ?? "default")/\(name) has no node port; reach it through the ingress gateway: meshsim service istio-ingressgateway --url"
            )
        }
    }
}
