import ArgumentParser
import Foundation
import MeshAPI
import MeshCore

/// `meshsim delete`: the profile (like `minikube delete`), objects from files, or `KIND NAME`.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the cluster (no arguments), objects by file (-f), or objects by kind and name.")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("filename")], help: "File, directory or - (repeatable).")
    var filename: [String] = []
    @Option(name: .shortAndLong, help: "Namespace.") var namespace: String?
    @Flag(help: "With no other arguments: delete every profile.") var all = false
    @Option(name: .customLong("grace-period"), help: "Seconds to wait for pods to stop.") var gracePeriod: Int?
    @Argument(help: "KIND NAME [NAME...]") var arguments: [String] = []

    func run() async throws {
        try await runCLI {
            if !filename.isEmpty {
                let documents = try ManifestInput.load(filename, namespace: namespace)
                try await ManifestInput.send(documents, connection: try DaemonConnection.open(global), delete: true)
            } else if arguments.isEmpty {
                try await deleteProfiles()
            } else {
                try await deleteByName()
            }
        }
    }

    private func deleteProfiles() async throws {
        let progress = Progress()
        let names = all ? global.paths.listProfiles() : [global.profile]
        for name in names {
            let paths = ProfilePaths(profile: name, stateDir: global.paths.root)
            if let info = DaemonInfo.read(paths), info.processAlive {
                try await DaemonStopper.stop(info: info, paths: paths)
            }
            if FileManager.default.fileExists(atPath: paths.directory) {
                progress.step("🔥", "Deleting \"\(name)\" in meshsim ...")
                try FileManager.default.removeItem(atPath: paths.directory)
                progress.step("💀", "Removed all traces of the \"\(name)\" cluster.")
            } else {
                progress.step("🙄", "\"\(name)\" profile does not exist, trying anyways.")
                progress.step("💀", "Removed all traces of the \"\(name)\" cluster.")
            }
        }
    }

    private func deleteByName() async throws {
        var names = arguments
        let kindName = names.removeFirst()
        var parsedKind = kindName
        if let slash = kindName.firstIndex(of: "/") {
            parsedKind = String(kindName[..<slash])
            names.insert(String(kindName[kindName.index(after: slash)...]), at: 0)
        }
        guard let type = ResourceRegistry.type(forName: parsedKind) else {
            throw CLIError("error: the server doesn't have a resource type \"\(parsedKind)\"")
        }
        guard !names.isEmpty else { throw CLIError("error: resource(s) were provided, but no name was specified") }
        let connection = try DaemonConnection.open(global)
        let kind = type.resourceKind
        var failed = false
        for name in names {
            var path = ResourceURL.path(kind, namespace: namespace ?? "default", name: name)
            if let gracePeriod { path += "?gracePeriodSeconds=\(gracePeriod)" }
            let reply = try await connection.request(.DELETE, path)
            do {
                _ = try connection.decode(reply)
                print("\(kind.qualifiedSingular) \"\(name)\" deleted")
            } catch let error as CLIError {
                printError(error.message)
                failed = true
            }
        }
        if failed { throw CLIError("", code: 1) }
    }
}

/// Kubernetes REST paths for a kind.
enum ResourceURL {
    /// `/api/v1/namespaces/ns/pods[/name]` or `/apis/group/version/...`; cluster-scoped kinds skip the namespace.
    static func path(_ kind: ResourceKind, namespace: String?, name: String? = nil) -> String {
        var path = kind.group.isEmpty ? "/api/\(kind.version)" : "/apis/\(kind.group)/\(kind.version)"
        if kind.namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(kind.plural)"
        if let name { path += "/\(name)" }
        return path
    }
}
