import ArgumentParser
import Foundation
import MeshAPI
import MeshCore
import MeshManifest

/// `meshsim replay FILE|DIR`: replays scenario files, each on its own fresh cluster by default.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay scenario files and check what happened (exit 0 pass, 1 fail, 2 invalid).")
    @Option(
        name: [.short, .customLong("profile")],
        help: "Replay on this running cluster instead of a fresh, isolated cluster per scenario.")
    var profile: String?
    @Option(name: .customLong("state-dir"), help: "Folder holding profiles (default: ./state, or $MESHSIM_HOME).")
    var stateDir: String?
    @Option(help: "Seed for names and routing choices (overrides the scenario's).") var seed: UInt64?
    @Flag(help: "Keep each scenario's cluster running afterwards.") var keep = false
    /// The older spelling of `--profile`: replays on `--profile`'s cluster, "meshsim" by default.
    @Flag(name: .customLong("use-profile"), help: .hidden) var useProfile = false
    @Option(help: "Report format: text, json or junit.") var report: String = "text"
    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.") var output: String?
    @Argument(help: "Scenario files or folders (every *.yaml directly in a folder).")
    var paths: [String]

    func validate() throws {
        guard ["text", "json", "junit"].contains(report) else {
            throw ValidationError("--report must be text, json or junit")
        }
    }

    /// The running cluster to replay on; nil for a fresh cluster per scenario (the default).
    private func target() throws -> GlobalOptions? {
        guard profile != nil || useProfile else { return nil }
        // Parsed rather than assigned: an option group only holds values it has parsed.
        return try GlobalOptions.parse(
            (profile.map { ["--profile", $0] } ?? []) + (stateDir.map { ["--state-dir", $0] } ?? []))
    }

    func run() async throws {
        var scenarios: [Scenario] = []
        for file in try Self.expand(paths) {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                printError("error: \(file): cannot read the scenario file")
                throw ExitCode(2)
            }
            do {
                var scenario = try ScenarioDecoder.decode(text, file: file)
                if let seed { scenario.seed = seed }
                scenarios.append(scenario)
            } catch {
                printError(error.description)
                throw ExitCode(2)
            }
        }
        var running: DaemonConnection?
        if let target = try target() {
            // Nothing runs unless every scenario can run on a shared cluster and the cluster is up.
            for scenario in scenarios {
                if let step = scenario.steps.first(where: { $0.action == .restart }) {
                    printError(
                        "error: \(scenario.file):\(step.line): a restart step kills the daemon, so it cannot replay on the running \"\(target.profile)\" cluster; replay it without --profile (on a fresh cluster)"
                    )
                    throw ExitCode(2)
                }
            }
            do {
                running = try DaemonConnection.open(target)
            } catch let error as CLIError {
                printError(error.message)
                throw ExitCode(error.code)
            }
            print(
                "replaying on the running \"\(target.profile)\" cluster: its nodes, Istio profile and seed apply, not the scenarios' cluster settings"
            )
        }
        var reports: [ScenarioReport] = []
        for scenario in scenarios {
            print("▶ \(scenario.name)\(scenario.description.isEmpty ? "" : ": \(scenario.description)")")
            reports.append(try await replay(scenario, on: running))
        }
        let rendered: String
        switch report {
        case "json":
            rendered =
                String(
                    decoding: try JSONCoding.prettyEncoder.encode(JSONValue.array(reports.map { $0.json() })),
                    as: UTF8.self) + "\n"
        case "junit":
            rendered =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n" + reports.map { $0.junit() }.joined()
                + "</testsuites>\n"
        default:
            rendered =
                reports.map { $0.text() }.joined()
                + "\n\(reports.filter(\.passed).count) passed, \(reports.filter { !$0.passed }.count) failed\n"
        }
        if let output {
            try rendered.write(toFile: output, atomically: true, encoding: .utf8)
            print(reports.map { $0.text() }.joined())
        } else {
            print(rendered, terminator: "")
        }
        if !reports.allSatisfy(\.passed) { throw ExitCode(1) }
    }

    private func replay(_ scenario: Scenario, on running: DaemonConnection?) async throws -> ScenarioReport {
        let connection: DaemonConnection
        var temporary: String?
        if let running {
            connection = running
        } else {
            let root = NSTemporaryDirectory() + "meshsim-replay-\(UUID().uuidString.prefix(8))"
            temporary = root
            let paths = ProfilePaths(profile: "replay", stateDir: root)
            try paths.createDirectory()
            let settings = ClusterSettings(
                nodes: scenario.nodes, istioProfile: scenario.istioProfile, httpPort: 0, apiPort: 0,
                seed: scenario.seed,
                defaultNotReadyTolerationSeconds: scenario.defaultNotReadyTolerationSeconds,
                defaultUnreachableTolerationSeconds: scenario.defaultUnreachableTolerationSeconds)
            let info = try await DaemonLauncher(paths: paths, settings: settings, foreground: false).spawn()
            connection = DaemonConnection(paths: paths, info: info)
        }
        var runner = ScenarioRunner(scenario: scenario, connection: connection) { print("  \($0)") }
        let result = await runner.run()
        if let temporary {
            if keep {
                print("  cluster kept: meshsim get pods -p replay --state-dir \(temporary)")
            } else {
                kill(runner.connection.info.pid, SIGKILL)
                try? FileManager.default.removeItem(atPath: temporary)
            }
        }
        return result
    }

    /// Files named by the arguments: files as given, folders' `*.yaml` files and `*/scenario.yaml`.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("error: \(path): no such file or folder")
                throw ExitCode(2)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            for name in (try FileManager.default.contentsOfDirectory(atPath: path)).sorted() {
                let full = path + "/" + name
                var childIsDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &childIsDirectory)
                if childIsDirectory.boolValue {
                    if FileManager.default.fileExists(atPath: full + "/scenario.yaml") {
                        files.append(full + "/scenario.yaml")
                    }
                } else if name.hasSuffix(".yaml") && name != "README.yaml" {
                    files.append(full)
                }
            }
        }
        return files
    }
}
