import Foundation
import MeshCore

/// Expands `apply -f` arguments (files, directories, `-` for stdin) and decodes what they name.
public struct ManifestLoader: Sendable {
    /// The name kubectl gives standard input in messages.
    public static let stdinName = "STDIN"
    /// File extensions read from a directory (kubectl's `FileExtensions`).
    public static let extensions = [".json", ".yaml", ".yml"]

    /// The decoder used for every file.
    public var decoder: ManifestDecoder

    /// Creates a loader.
    public init(decoder: ManifestDecoder = ManifestDecoder()) { self.decoder = decoder }

    /// The files one `-f` argument names: itself, or the manifest files directly inside a directory,
    /// sorted by name. Why non-recursive: kubectl only descends with `-R`.
    public func expand(_ argument: String) throws(ManifestError) -> [String] {
        if argument == "-" { return ["-"] }
        if argument.hasPrefix("http://") || argument.hasPrefix("https://") {
            throw ManifestError(
                .unreadable, file: argument, message: "reading manifests from URLs is not supported",
                hint: "download the file and pass its path")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw ManifestError(.unreadable, file: argument, message: "the path \"\(argument)\" does not exist")
        }
        guard isDirectory.boolValue else { return [argument] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: argument)
        } catch {
            throw ManifestError(.unreadable, file: argument, message: "the directory cannot be read")
        }
        let base = argument.hasSuffix("/") ? argument : argument + "/"
        return names.filter { name in Self.extensions.contains { name.lowercased().hasSuffix($0) } }
            .sorted().map { base + $0 }
            .filter { path in
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
            }
    }

    /// Decodes every file the arguments name, keeping all good objects and all errors; `stdin` supplies `-`.
    /// No objects at all is itself an error, worded as kubectl words it.
    public func loadAll(_ arguments: [String], stdin: Data? = nil) -> ManifestDecoding {
        var result = ManifestDecoding()
        for argument in arguments {
            let files: [String]
            do {
                files = try expand(argument)
            } catch {
                result.errors.append(error)
                continue
            }
            for file in files {
                let name = file == "-" ? Self.stdinName : file
                let data: Data
                if file == "-" {
                    data = stdin ?? Data()
                } else {
                    guard let contents = FileManager.default.contents(atPath: file) else {
                        result.errors.append(ManifestError(.unreadable, file: name, message: "the file cannot be read"))
                        continue
                    }
                    data = contents
                }
                let decoded = decoder.decodeAll(data, file: name)
                result.documents += decoded.documents
                result.errors += decoded.errors
            }
        }
        if result.documents.isEmpty && result.errors.isEmpty {
            let file =
                arguments.count == 1
                ? (arguments[0] == "-" ? Self.stdinName : arguments[0]) : arguments.joined(separator: ", ")
            result.errors.append(
                ManifestError(
                    .noObjects, file: file, message: "no objects passed to apply",
                    hint: "the input is empty or contains only comments"))
        }
        return result
    }

    /// Like `loadAll`, but throws the first error.
    public func load(_ arguments: [String], stdin: Data? = nil) throws(ManifestError) -> [ManifestDocument] {
        let result = loadAll(arguments, stdin: stdin)
        if let first = result.errors.first { throw first }
        return result.documents
    }
}
