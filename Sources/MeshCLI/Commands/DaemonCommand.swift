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
        // Why: detach from the terminal's session so closing it (SIGHUP) doesn't stop the cluster.
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
