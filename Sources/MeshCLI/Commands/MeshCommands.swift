import ArgumentParser
import Foundation
import MeshAPI
import MeshCore
import MeshRouting

/// `meshsim routes`: the gateway's route table, like `istioctl proxy-config routes`.
struct Routes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes", abstract: "Show the ingress gateway's routes.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            let reply = try await connection.request(.GET, "/meshsim/v1/routes")
            print(reply.text, terminator: "")
        }
    }
}

/// `meshsim explain URL [-H 'k: v']`: why one request goes where it goes (or fails).
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Explain how the ingress gateway routes one request.")
    @OptionGroup var global: GlobalOptions
    @Option(name: [.customShort("H"), .customLong("header")], help: "Header 'Name: value' (repeatable).")
    var headers: [String] = []
    @Option(name: [.customShort("X"), .customLong("request")], help: "HTTP method.") var method: String = "GET"
    @Argument(help: "URL such as http://myapp.example.com/path (the host is the Host header).") var url: String

    /// The URL's authority (the Host header unless `-H 'Host: …'` names another) and path.
    private var target: (authority: String, path: String) {
        // The gateway's own split of an absolute URL; a URL given without a scheme is taken as http.
        var (authority, path) =
            RequestTarget.splitAbsoluteForm(url) ?? RequestTarget.splitAbsoluteForm("http://" + url)!
        if let host = headers.first(where: { $0.lowercased().hasPrefix("host:") }) {
            authority = String(host.dropFirst(5)).trimmingCharacters(in: .whitespaces)
        }
        return (authority, path)
    }

    func validate() throws {
        // Envoy answers a request without a Host with 400 before routing: there is nothing to explain.
        guard !target.authority.isEmpty else {
            throw ValidationError("\"\(url)\" names no host: use http://HOST/PATH, or -H 'Host: HOST'")
        }
        for header in headers {
            guard let colon = header.firstIndex(of: ":"), !header[..<colon].trimmingCharacters(in: .whitespaces).isEmpty
            else { throw ValidationError("invalid -H \"\(header)\": expected 'Name: value'") }
        }
    }

    func run() async throws {
        try await runCLI {
            let (authority, path) = target
            let body: JSONValue = .object([
                "path": .string(path), "authority": .string(authority), "method": .string(method),
                "headers": .array(headers.map(JSONValue.string)),
            ])
            let connection = try DaemonConnection.open(global)
            let reply = try await connection.request(
                .POST, "/meshsim/v1/explain", body: Array(try JSONCoding.encoder.encode(body)))
            if reply.status >= 400 { _ = try connection.decode(reply) }
            print(reply.text, terminator: "")
        }
    }
}

/// `meshsim analyze [-n NS | -A]`: istioctl analyze's messages and exit codes.
struct Analyze: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Find configuration mistakes, with istioctl analyze's codes.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace (default: default).") var namespace: String = "default"
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Analyze every namespace.") var all = false

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            let report = try await connection.getJSON("/meshsim/v1/analyze?namespace=\(all ? "" : namespace)")
            for line in report["output"]?.arrayValue ?? [] { print(line.stringValue ?? "") }
            for line in report["footer"]?.arrayValue ?? [] { printError(line.stringValue ?? "") }
            // Why 79: istioctl analyze exits 79 when it found issues at or above the failure threshold.
            if report["failed"] == .bool(true) { throw CLIError("", code: 79) }
        }
    }
}

/// `meshsim kill-pod NAME`: the pod's server dies abruptly; its ReplicaSet replaces it.
struct KillPod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kill-pod", abstract: "Kill a pod abruptly.")
    @OptionGroup var global: GlobalOptions
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String = "default"
    @Argument(help: "Pod name") var name: String

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            let reply = try await connection.request(.POST, "/meshsim/v1/kill-pod?namespace=\(namespace)&name=\(name)")
            if reply.status >= 400 { _ = try connection.decode(reply) }
            print(reply.text, terminator: "")
        }
    }
}
