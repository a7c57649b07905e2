import Foundation
import MeshAPI
import MeshCore

/// Starts a profile's daemon in the background and waits until it says the cluster is ready.
struct DaemonLauncher {
    let paths: ProfilePaths
    let settings: ClusterSettings
    let foreground: Bool
    /// How long the daemon may take to say the cluster is ready: minikube's `--wait-timeout`, whose
    /// default is 6m0s; 60 s here, where a cluster is ready in well under a second.
    var readyTimeout: Double = 60
    /// The shape flags the user gave (`ExistingClusterNotice`).
    var explicitFlags: Set<String> = []

    func up() async throws {
        let progress = Progress()
        let started = Date()
        let stored = ClusterSettings.stored(in: paths)
        if let stored {
            for message in ExistingClusterNotice.messages(
                stored: stored, requested: settings, explicit: explicitFlags)
            {
                progress.warning(message)
            }
        }
        if let info = DaemonInfo.read(paths), info.processAlive,
            let reply = try? await APIClient(port: info.apiPort).send(.GET, "/healthz", timeout: .seconds(5)),
            reply.status == 200
        {
            progress.step("🏃", "Updating the running \"\(paths.profile)\" cluster ...")
            progress.step("👍", "meshsim \"\(paths.profile)\" is already running (pid \(info.pid))")
            printEndpoints(info, progress: progress)
            return
        }
        try paths.createDirectory()
        progress.step("😄", "meshsim v\(MeshSimVersion.current) on Linux (profile \"\(paths.profile)\")")
        progress.step("✨", "Using the simulator driver: in-process nodes, no VM, no containers")
        progress.step("👍", "Starting \"\(paths.profile)\" control-plane node in \"\(paths.profile)\" cluster")
        let shape = stored ?? settings
        progress.step(
            stored == nil ? "🔥" : "🔄",
            (stored == nil ? "Creating simulated cluster" : "Restarting existing simulated cluster")
                + " (Nodes=\(shape.nodes), CPUs=\(shape.cpus), Memory=\(shape.memoryMiB)MB) ...")
        progress.step("🐳", "Preparing Kubernetes \(shape.kubernetesVersion) ...")
        if let istio = shape.istioProfile {
            progress.step("⛵", "Installing Istio (profile \(istio)) ...")
        }
        if foreground {
            try await ClusterDaemon.run(paths: paths, settings: settings) { info in
                progress.step("🔎", "Cluster ready in \(String(format: "%.2f", Date().timeIntervalSince(started)))s")
                printEndpoints(info, progress: progress)
            }
            return
        }
        let info = try await spawn()
        progress.step(
            "🔎",
            "Verifying cluster components ... ready in \(String(format: "%.2f", Date().timeIntervalSince(started)))s")
        printEndpoints(info, progress: progress)
        progress.step("🏄", "Done! Try: meshsim apply -f scenarios/seed-5050/ && curl \(gatewayURL(info))/")
    }

    private func gatewayURL(_ info: DaemonInfo) -> String {
        info.gatewayPorts["80"].map { "http://127.0.0.1:\($0)" } ?? "(no ingress gateway)"
    }

    private func printEndpoints(_ info: DaemonInfo, progress: Progress) {
        progress.detail("API server:      http://127.0.0.1:\(info.apiPort)")
        progress.detail("Ingress gateway: \(gatewayURL(info))")
        progress.detail("kubectl:         export KUBECONFIG=\(paths.kubeconfig)")
    }

    func spawn() async throws -> DaemonInfo {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let settingsJSON = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "daemon", "--profile", paths.profile, "--state-dir", paths.root, "--settings", settingsJSON,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        _ = FileManager.default.createFile(atPath: paths.logFile, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: paths.logFile))
        try log.seekToEnd()
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let reader = pipe.fileHandleForReading
        var buffer = Data()
        let deadline = Date().addingTimeInterval(readyTimeout)
        while true {
            guard Self.waitReadable(reader.fileDescriptor, until: deadline) else {
                // A daemon that never gets ready must not keep `up` (or a test) waiting for ever.
                let waiting = await notReadyPods()
                kill(process.processIdentifier, SIGKILL)
                try? FileManager.default.removeItem(atPath: paths.daemonFile)
                throw CLIError(
                    "❌  Exiting due to GUEST_START: wait \(Self.durationText(readyTimeout)) for the cluster to be ready: timed out; the daemon (pid \(process.processIdentifier)) was stopped.\n\(waiting)\(logTail())\n  Full log: \(paths.logFile)"
                )
            }
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            if let line = String(data: buffer, encoding: .utf8)?.split(separator: "\n").first(where: {
                $0.hasPrefix("READY ")
            }) {
                let json = Data(line.dropFirst("READY ".count).utf8)
                return try JSONDecoder().decode(DaemonInfo.self, from: json)
            }
        }
        throw CLIError(
            "❌  Exiting due to DAEMON_START_FAILED: the meshsim daemon stopped before the cluster was ready.\n\(logTail())\n  Full log: \(paths.logFile)"
        )
    }

    /// The system pods that are not Ready, with the reason their first false condition gives
    /// (`istio-system/istiod-…: Pending, 0/1 nodes are available: 1 Insufficient memory.`).
    private func notReadyPods() async -> String {
        guard let info = DaemonInfo.read(paths),
            let reply = try? await APIClient(port: info.apiPort).send(.GET, "/api/v1/pods", timeout: .seconds(5)),
            let list = try? JSONValue.parse(Data(reply.body))
        else { return "" }
        let pods = (list["items"]?.arrayValue ?? []).compactMap { try? $0.decode(Pod.self) }
        var lines: [String] = []
        for pod in pods where ClusterDaemon.bootstrapNamespaces.contains(pod.metadata.namespace ?? "") && !pod.isReady {
            let reason = pod.status?.conditions?.first { $0.status == "False" }?.message
            lines.append(
                "  \(pod.metadata.namespace ?? "")/\(pod.metadata.nameOrEmpty): \(pod.status?.phase ?? "Unknown")"
                    + (reason.map { ", \($0)" } ?? ""))
        }
        return lines.isEmpty ? "" : "Not ready:\n" + lines.joined(separator: "\n") + "\n"
    }

    /// `1s`, `1.5s`, `500ms`, as Go prints durations.
    static func durationText(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds == seconds.rounded() { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }

    /// The last 15 lines of the daemon's log.
    private func logTail() -> String {
        (try? String(contentsOfFile: paths.logFile, encoding: .utf8))?
            .split(separator: "\n").suffix(15).joined(separator: "\n") ?? ""
    }

    /// Waits until `fd` has data or end-of-file; false once `deadline` passes first.
    private static func waitReadable(_ fd: Int32, until deadline: Date) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            let ready = poll(&descriptor, 1, Int32(min(left * 1000, 60_000).rounded(.up)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }
        }
    }
}
