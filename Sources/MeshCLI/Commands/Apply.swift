import ArgumentParser
import Foundation
import MeshCore
import MeshManifest

/// `meshsim apply -f FILE|DIR|-`: create or update objects, all of them or none.
struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Apply a configuration by file name or stdin (like `kubectl apply -f`).")

    @OptionGroup var global: GlobalOptions
    @Option(name: [.short, .customLong("filename")], help: "File, directory or - for stdin (repeatable).")
    var filename: [String] = []
    @Option(name: .shortAndLong, help: "Namespace for objects that don't name one.") var namespace: String?
    @Option(name: .customLong("dry-run"), help: "none, client or server.") var dryRun: String = "none"

    func validate() throws {
        if filename.isEmpty { throw ValidationError("must specify one of -f and -k") }
    }

    func run() async throws {
        try await runCLI {
            let documents = try ManifestInput.load(filename, namespace: namespace)
            if dryRun == "client" {
                for document in documents { print("\(document.resource.displayName) created (dry run)") }
                return
            }
            let connection = try DaemonConnection.open(global)
            try await ManifestInput.send(documents, connection: connection, delete: false)
        }
    }
}

/// Loading manifests and sending them to the daemon, shared by `apply` and `delete -f`.
enum ManifestInput {
    /// Decodes every `-f` argument; prints every error and fails when there is any (nothing is sent).
    static func load(_ arguments: [String], namespace: String?) throws -> [ManifestDocument] {
        let stdin = arguments.contains("-") ? FileHandle.standardInput.readDataToEndOfFile() : nil
        let decoded = ManifestLoader().loadAll(arguments, stdin: stdin)
        for document in decoded.documents {
            for warning in document.warnings { printError(warning) }
        }
        if !decoded.errors.isEmpty {
            for error in decoded.errors { printError(error.description) }
            throw CLIError("", code: 1)
        }
        return decoded.documents.map { document in
            var document = document
            if document.resource.resourceKind.namespaced, document.resource.metadata.namespace == nil {
                document.resource.metadata.namespace = namespace ?? "default"
            }
            return document
        }
    }

    /// Sends the documents as one transaction and prints kubectl's result lines.
    static func send(_ documents: [ManifestDocument], connection: DaemonConnection, delete: Bool) async throws {
        var objects: [JSONValue] = []
        for document in documents { objects.append(try document.resource.json()) }
        let body: JSONValue = .object(["objects": .array(objects), "delete": .bool(delete)])
        let reply = try await connection.request(
            .POST, "/meshsim/v1/apply", body: Array(try JSONCoding.encoder.encode(body)))
        let json = (try? JSONCoding.decoder.decode(JSONValue.self, from: Data(reply.body))) ?? .null
        guard reply.status < 400 else {
            throw CLIError(serverError(json, documents: documents, fallback: reply.text))
        }
        for result in json["results"]?.arrayValue ?? [] {
            let display = result["display"]?.stringValue ?? ""
            let outcome = result["outcome"]?.stringValue ?? ""
            print("\(display) \(outcome)")
        }
    }

    /// A server rejection, located at the file and line of the object it names.
    static func serverError(_ status: JSONValue, documents: [ManifestDocument], fallback: String) -> String {
        let message = status["message"]?.stringValue ?? fallback
        let reason = status["reason"]?.stringValue ?? "Unknown"
        let name = status["details"]?["name"]?.stringValue
        let plural = status["details"]?["kind"]?.stringValue
        let document = documents.first { doc in
            doc.resource.metadata.name == name && (plural == nil || doc.resource.resourceKind.plural == plural)
        }
        var text = ""
        if let document {
            text =
                "error: \(document.file):\(document.line): \(document.resource.resourceKind.kind) \"\(document.resource.metadata.nameOrEmpty)\": "
        } else {
            text = "Error from server (\(reason)): "
        }
        text += message
        for cause in status["details"]?["causes"]?.arrayValue ?? [] {
            text += "\n  \(cause["field"]?.stringValue ?? ""): \(cause["message"]?.stringValue ?? "")"
        }
        return text + "\nNothing was changed: an apply is all-or-nothing."
    }
}
