import ArgumentParser
import Foundation
import MeshAPI
import MeshCore

/// `meshsim profile list`.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Manage profiles.", subcommands: [List.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List profiles.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let names = global.paths.listProfiles()
            guard !names.isEmpty else {
                print("🤹  Exiting due to MK_USAGE_NO_PROFILE: No profiles found in \(global.paths.root).")
                throw ExitCode(1)
            }
            var rows = [["PROFILE", "STATUS", "API", "INGRESS"]]
            for name in names {
                let paths = ProfilePaths(profile: name, stateDir: global.paths.root)
                if let info = DaemonInfo.read(paths), info.processAlive {
                    rows.append([
                        name, "Running", "127.0.0.1:\(info.apiPort)",
                        info.gatewayPorts["80"].map { "127.0.0.1:\($0)" } ?? "-",
                    ])
                } else {
                    rows.append([name, "Stopped", "-", "-"])
                }
            }
            print(TableRenderer.align(rows, padding: 3, minWidth: 0), terminator: "")
        }
    }
}
