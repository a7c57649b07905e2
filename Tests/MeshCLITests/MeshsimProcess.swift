import Foundation
import MeshTesting

/// Runs the built `meshsim` binary against a private state folder, as a user would.
struct Meshsim {
    let state: TemporaryDirectory
    let profile: String

    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for candidate in [".build/debug/meshsim", ".build/release/meshsim"] {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/meshsim").path
    }

    init(profile: String = "t") throws {
        state = try TemporaryDirectory(prefix: "meshsim-cli")
        self.profile = profile
    }

    /// The result of one command.
    typealias Result = ChildProcess.Result

    /// Runs `meshsim ARGS -p profile --state-dir state`, with optional standard input; without
    /// `-p` when `withProfile` is false (`replay` reads `-p` as "replay on that running cluster").
    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, withProfile: Bool = true) async throws -> Result {
        try await ChildProcess.run(
            Self.binary, arguments + (withProfile ? ["-p", profile] : []) + ["--state-dir", state.path],
            environment: ["NO_COLOR": "1"], stdin: stdin)
    }

    /// The daemon's PID from `daemon.json`.
    var daemonPID: Int32? {
        let path = state.path + "/\(profile)/daemon.json"
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return (object["pid"] as? NSNumber)?.int32Value
    }

    /// The gateway's local port from `daemon.json`.
    var gatewayPort: Int? {
        let path = state.path + "/\(profile)/daemon.json"
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let ports = object["gatewayPorts"] as? [String: Any]
        else { return nil }
        return (ports["80"] as? NSNumber)?.intValue
    }

    /// Stops the daemon by its PID (never by name) and removes the state.
    func cleanUp() {
        if let pid = daemonPID { kill(pid, SIGKILL) }
        state.remove()
    }

    /// The repository root (for scenario files).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
