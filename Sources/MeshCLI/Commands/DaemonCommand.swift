import ArgumentParser
import Foundation
import MeshAPI

/// `meshsim daemon`: the background process `up` starts (internal).
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon", abstract: "Run a profile's daemon (started by `meshsim up`).", shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Cluster settings as JSON.") var settings: String?

    func run() async throws {
        // Why: closing the terminal must not stop the cluster (minikube's VM outlives its shell).
        // `up` starts the daemon through Foundation's Process, which makes it a process-group
        // leader (`ps -o pid,pgid` shows them equal), so setsid() fails there (EPERM) and the
        // daemon stays in the terminal's session: its own group keeps it out of the terminal's
        // Ctrl-C, and ignoring SIGHUP keeps it alive when the terminal closes. setsid() detaches
        // only a daemon that is not a group leader (started by a script without job control).
        _ = setsid()
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        let decoded = try settings.map { try JSONDecoder().decode(ClusterSettings.self, from: Data($0.utf8)) }
        try await ClusterDaemon.run(paths: global.paths, settings: decoded ?? ClusterSettings()) { info in
            let json = String(decoding: (try? JSONEncoder().encode(info)) ?? Data(), as: UTF8.self)
            FileHandle.standardOutput.write(Data("READY \(json)\n".utf8))
            // Stop writing to the launcher's pipe: it closes once `up` returns.
            let devnull = open("/dev/null", O_WRONLY)
            dup2(devnull, 1)
            close(devnull)
        }
    }
}
