import ArgumentParser
import Foundation
import MeshAPI
import MeshCore

/// `meshsim status`: minikube-style component lines; non-zero exit when stopped.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the cluster's status.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Output format: text or json.") var output: String = "text"

    func run() async throws {
        let paths = global.paths
        var host = "Stopped", apiserver = "Stopped", gateway = "Stopped", nodes: [(String, String)] = []
        var info = DaemonInfo.read(paths)
        if let current = info, current.processAlive,
            let reply = try? await APIClient(port: current.apiPort).send(.GET, "/api/v1/nodes", timeout: .seconds(5)),
            reply.status == 200
        {
            host = "Running"
            apiserver = "Running"
            gateway = current.gatewayPorts.isEmpty ? "Disabled" : "Running"
            let json = (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(reply.body))) ?? .null
            for item in json["items"]?.arrayValue ?? [] {
                let ready = item["status"]?["conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
                nodes.append(
                    (
                        item["metadata"]?["name"]?.stringValue ?? "",
                        ready?["status"]?.stringValue == "True" ? "Ready" : "NotReady"
                    ))
            }
        } else {
            info = nil
        }
        if output == "json" {
            let object: JSONValue = .object([
                "Name": .string(paths.profile), "Host": .string(host), "APIServer": .string(apiserver),
                "Gateway": .string(gateway), "Nodes": .int(nodes.count),
            ])
            print(String(decoding: try JSONCoding.encoder.encode(object), as: UTF8.self))
        } else if !FileManager.default.fileExists(atPath: paths.database) {
            print("🤷  Profile \"\(paths.profile)\" not found. Run \"meshsim profile list\" to view all profiles.")
            print("👉  To start a cluster, run: \"meshsim up\"")
            throw ExitCode(85)
        } else {
            print(paths.profile)
            print("type: Control Plane")
            print("host: \(host)")
            print("kubelet: \(host)")
            print("apiserver: \(apiserver)")
            print("ingressgateway: \(gateway)")
            print("kubeconfig: \(info == nil ? "Stopped" : "Configured")")
            for (name, state) in nodes.dropFirst() {
                print("\n\(name)\ntype: Worker\nhost: Running\nkubelet: \(state == "Ready" ? "Running" : "Stopped")")
            }
            if let info {
                print("\napi: http://127.0.0.1:\(info.apiPort)")
                if let port = info.gatewayPorts["80"] { print("ingress: http://127.0.0.1:\(port)") }
            }
        }
        // Why: minikube's exit code is a bitmask of stopped parts (1 host, 2 cluster, 4 kubernetes).
        if info == nil { throw ExitCode(7) }
    }
}
