import Foundation

/// Where a profile keeps its files: `state/<profile>/` under the current directory, or under
/// `--state-dir` / `MESHSIM_HOME` (as minikube keeps `~/.minikube/profiles/<name>`).
public struct ProfilePaths: Sendable, Hashable {
    /// The profile name (`meshsim` by default, like minikube's `minikube`).
    public var profile: String
    /// The state root holding every profile.
    public var root: String

    /// Resolves the root from an explicit option, `MESHSIM_HOME`, or `./state`.
    public init(profile: String, stateDir: String?) {
        self.profile = profile
        if let stateDir, !stateDir.isEmpty {
            root = stateDir
        } else if let home = ProcessInfo.processInfo.environment["MESHSIM_HOME"], !home.isEmpty {
            root = home
        } else {
            root = FileManager.default.currentDirectoryPath + "/state"
        }
        root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    /// `state/<profile>`.
    public var directory: String { root + "/" + profile }
    /// The SQLite database.
    public var database: String { directory + "/meshsim.sqlite" }
    /// The daemon's address file.
    public var daemonFile: String { directory + "/daemon.json" }
    /// The daemon's log.
    public var logFile: String { directory + "/daemon.log" }
    /// The profile's kubeconfig.
    public var kubeconfig: String { directory + "/kubeconfig" }

    /// Creates the profile folder with mode 0700 (it holds the cluster's state).
    public func createDirectory() throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory)
    }

    /// Profiles that exist under the root.
    public func listProfiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: root + "/" + name + "/meshsim.sqlite", isDirectory: &isDirectory)
        }.sorted()
    }
}

/// What a running daemon publishes in `daemon.json`.
public struct DaemonInfo: Codable, Sendable, Hashable {
    public var pid: Int32
    public var apiPort: Int
    /// Gateway Service port -> real local port (80 -> 8080).
    public var gatewayPorts: [String: Int]
    public var startedAt: Double
    public var version: String

    /// Creates the record.
    public init(pid: Int32, apiPort: Int, gatewayPorts: [String: Int], startedAt: Double, version: String) {
        self.pid = pid
        self.apiPort = apiPort
        self.gatewayPorts = gatewayPorts
        self.startedAt = startedAt
        self.version = version
    }

    /// Reads `daemon.json`, nil when absent or unreadable.
    public static func read(_ paths: ProfilePaths) -> DaemonInfo? {
        guard let data = FileManager.default.contents(atPath: paths.daemonFile) else { return nil }
        return try? JSONDecoder().decode(DaemonInfo.self, from: data)
    }

    /// Whether the recorded process is still alive.
    public var processAlive: Bool { Self.isRunning(pid) }

    /// Whether a process exists and is not a zombie.
    ///
    /// Why the zombie check: a daemon whose `up` has exited is reparented to PID 1, and in a
    /// container whose PID 1 never calls wait() a killed daemon stays a zombie for good, which
    /// `kill(pid, 0)` still reports as present.
    public static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let name = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: name)...].first { $0 != " " }
        return state != "Z" && state != "X"
    }

    /// Writes `daemon.json` atomically.
    public func write(_ paths: ProfilePaths) throws {
        let data = try JSONEncoder().encode(self)
        try data.write(to: URL(fileURLWithPath: paths.daemonFile), options: .atomic)
    }
}
