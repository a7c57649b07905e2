import ArgumentParser
import Foundation
import MeshAPI

/// `meshsim down`: stop the daemon, keep the cluster's state (like `minikube stop`).
struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop the cluster and keep its state.", aliases: ["stop"])
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let paths = global.paths
        let progress = Progress()
        guard let info = DaemonInfo.read(paths), info.processAlive else {
            progress.step("✋", "\"\(paths.profile)\" is not running")
            return
        }
        progress.step("✋", "Stopping node \"\(paths.profile)\" ...")
        try await DaemonStopper.stop(info: info, paths: paths)
        progress.step("🛑", "1 node stopped.")
    }
}

/// Stops a daemon: asks it over the API, then SIGTERM, then SIGKILL, always by its recorded PID.
enum DaemonStopper {
    static func stop(info: DaemonInfo, paths: ProfilePaths) async throws {
        _ = try? await APIClient(port: info.apiPort).send(.POST, "/meshsim/v1/shutdown", timeout: .seconds(5))
        if await waitForExit(info.pid, seconds: 5) { return finish(paths) }
        kill(info.pid, SIGTERM)
        if await waitForExit(info.pid, seconds: 5) { return finish(paths) }
        kill(info.pid, SIGKILL)
        _ = await waitForExit(info.pid, seconds: 5)
        finish(paths)
    }

    private static func finish(_ paths: ProfilePaths) {
        try? FileManager.default.removeItem(atPath: paths.daemonFile)
    }

    /// Polls the PID (a process we don't parent cannot be waited for) until it is gone or a
    /// zombie; false if it still runs after `seconds`.
    static func waitForExit(_ pid: Int32, seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !DaemonInfo.isRunning(pid) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return !DaemonInfo.isRunning(pid)
    }
}
