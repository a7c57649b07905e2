import ArgumentParser
import Foundation

/// `meshsim istio install|uninstall`: as `istioctl install -y --set profile=P` and
/// `istioctl uninstall --purge -y`, on the running cluster.
struct IstioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "istio", abstract: "Install or uninstall Istio on the running cluster (like istioctl).",
        subcommands: [Install.self, Uninstall.self])

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract:
                "Install an Istio profile (replacing another installed profile) and wait until its components are ready."
        )
        // Why not GlobalOptions: `--profile` names the Istio profile here, as the issue and istioctl's
        // `--set profile=` do; the cluster (meshsim profile) is `-p` / `--cluster`.
        @Option(name: [.customShort("p"), .customLong("cluster")], help: "The meshsim profile (cluster) name.")
        var cluster: String = "meshsim"
        @Option(name: .customLong("state-dir"), help: "Folder holding profiles (default: ./state, or $MESHSIM_HOME).")
        var stateDir: String?
        @Option(help: "Istio install profile: demo, minimal or legacy.") var profile: String = "demo"

        func validate() throws {
            guard ["demo", "minimal", "legacy"].contains(profile) else {
                throw ValidationError("unknown --profile \"\(profile)\": use demo, minimal or legacy")
            }
        }

        func run() async throws {
            var global = GlobalOptions()
            global.profile = cluster
            global.stateDir = stateDir
            try await IstioCommand.post("/meshsim/v1/istio/install?profile=\(profile)", global)
        }
    }

    struct Uninstall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uninstall", abstract: "Remove every Istio component from istio-system.")
        @OptionGroup var global: GlobalOptions
        func run() async throws { try await IstioCommand.post("/meshsim/v1/istio/uninstall", global) }
    }

    static func post(_ path: String, _ global: GlobalOptions) async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            let reply = try await connection.request(.POST, path)
            if reply.status >= 400, reply.text.hasPrefix("{") { _ = try connection.decode(reply) }
            print(reply.text, terminator: "")
            if reply.status >= 400 { throw ExitCode.failure }
        }
    }
}
