import Foundation
import MeshCore
import MeshManifest
import Testing

@Suite(.timeLimit(.minutes(1))) struct ManifestLoaderTests {
    /// A fresh temporary directory holding `files`.
    private func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("meshsim-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = path.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return path.path
    }

    private func namespace(_ name: String) -> String { "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \(name)\n" }

    @Test func directoryIsReadNonRecursivelyInNameOrderAndOnlyManifestExtensions() throws {
        let dir = try directory([
            "b.yaml": namespace("b"), "a.yml": namespace("a"),
            "c.json": #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"c"}}"#,
            "notes.txt": "not a manifest", "sub/d.yaml": namespace("d"),
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let loader = ManifestLoader()
        #expect(try loader.expand(dir) == [dir + "/a.yml", dir + "/b.yaml", dir + "/c.json"])
        let documents = try loader.load([dir])
        #expect(documents.map(\.resource.metadata.name) == ["a", "b", "c"])
        #expect(documents.map(\.file) == [dir + "/a.yml", dir + "/b.yaml", dir + "/c.json"])
    }

    @Test func stdinIsNamedLikeKubectlNamesIt() throws {
        let documents = try ManifestLoader().load(["-"], stdin: Data(namespace("x").utf8))
        #expect(documents.first?.file == "STDIN")
        #expect(throws: ManifestError.self) { try ManifestLoader().load(["-"], stdin: Data()) }
        let error = ManifestLoader().loadAll(["-"], stdin: Data("# nothing\n".utf8)).errors.first
        #expect(
            error?.description
                == "error: STDIN: no objects passed to apply — the input is empty or contains only comments")
    }

    @Test func missingPathIsNamed() {
        let error = ManifestLoader().loadAll(["/nonexistent/app.yaml"]).errors.first
        #expect(error?.reason == .unreadable)
        #expect(error?.description == "error: /nonexistent/app.yaml: the path \"/nonexistent/app.yaml\" does not exist")
    }

    @Test func emptyDirectoryHasNoObjects() throws {
        let dir = try directory(["readme.md": "hi"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(ManifestLoader().loadAll([dir]).errors.map(\.reason) == [.noObjects])
    }

    @Test func severalArgumentsAreConcatenatedAndErrorsKept() throws {
        let dir = try directory(["ok.yaml": namespace("ok"), "bad.yaml": "kind: Namespace\nmetadata:\n  name: x\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = ManifestLoader().loadAll(
            [dir + "/ok.yaml", dir + "/bad.yaml", "-"], stdin: Data(namespace("in").utf8))
        #expect(result.documents.map(\.resource.metadata.name) == ["ok", "in"])
        #expect(result.errors.map(\.reason) == [.missingAPIVersion])
        #expect(result.errors.first?.file == dir + "/bad.yaml")
    }

    @Test func urlsAreRefusedClearly() {
        let error = ManifestLoader().loadAll(["https://example.com/app.yaml"]).errors.first
        #expect(error?.message == "reading manifests from URLs is not supported")
    }

    @Test func validationCanBeSwitchedOff() throws {
        let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: Web\nspec:\n  ports:\n  - port: 80\n"
        #expect(throws: ManifestError.self) { try ManifestDecoder().decode(text, file: "s.yaml") }
        let documents = try ManifestDecoder(validate: false).decode(text, file: "s.yaml")
        #expect(documents.first?.resource.metadata.name == "Web")
    }

    @Test func utf16WithByteOrderMarkIsAccepted() throws {
        var data = Data([0xFF, 0xFE])
        data.append(namespace("wide").data(using: .utf16LittleEndian)!)
        let documents = try ManifestDecoder().decode(data, file: "ps.yaml")
        #expect(documents.map(\.resource.metadata.name) == ["wide"])
    }

    @Test func extraValidatorsReportWithLines() throws {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: x\n"
        let decoder = ManifestDecoder(validators: [
            KubernetesValidation.validate,
            { _ in [FieldError(path: "metadata.labels.team", message: "Forbidden: no teams")] },
        ])
        let error = decoder.decodeAll(text, file: "ns.yaml").errors.first
        #expect(error?.description == "error: ns.yaml:6: Namespace \"shop\": metadata.labels.team: Forbidden: no teams")
        #expect(try ManifestDecoder(validators: []).decode(text, file: "ns.yaml").count == 1)
    }

    @Test func windowsLineEndingsAndBOMAreAccepted() throws {
        let text =
            "\u{FEFF}apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: crlf\r\n---\r\n" + namespace("two")
        let documents = try ManifestDecoder().decode(text, file: "crlf.yaml")
        #expect(documents.map(\.resource.metadata.name) == ["crlf", "two"])
        #expect(documents.map(\.line) == [1, 6])
    }
}

@Suite(.timeLimit(.minutes(1))) struct DuplicateKeyTests {
    @Test func missingSeparatorWhenApiVersionRepeats() {
        let text = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: a
            # the next object starts here
            apiVersion: v1
            kind: Namespace
            metadata:
              name: b
            """
        let error = ManifestDecoder().decodeAll(Data(text.utf8), file: "two.yaml").errors.first
        #expect(error?.reason == .missingSeparator)
        #expect(
            error?.description
                == "error: two.yaml:6: Namespace \"a\": duplicate key \"apiVersion\" (first at line 1) — is a \"---\" document separator missing between two objects?"
        )
    }

    @Test func duplicateInsideAListItem() {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers:
              - name: a
                image: x
              - name: b
                image: y
                name: c
            """
        let error = ManifestDecoder().decodeAll(Data(text.utf8), file: "p.yaml").errors.first
        #expect(error?.reason == .duplicateKey)
        #expect(error?.line == 10)
        #expect(error?.message == "duplicate key \"name\" (first at line 8)")
    }

    @Test func duplicateInJSONOneKeyPerLine() {
        let text = "{\"apiVersion\": \"v1\",\n \"kind\": \"Namespace\",\n \"kind\": \"Pod\"}"
        let error = ManifestDecoder().decodeAll(Data(text.utf8), file: "d.json").errors.first
        #expect(error?.reason == .duplicateKey)
        #expect(error?.line == 3)
        #expect(error?.message == "duplicate key \"kind\" (first at line 2)")
    }

    @Test func duplicateOnOneLineIsReportedAtTheFirstOccurrence() {
        let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, name: b}\n"
        let error = ManifestDecoder().decodeAll(Data(text.utf8), file: "d.yaml").errors.first
        #expect(error?.reason == .duplicateKey)
        #expect(error?.line == 3)
        #expect(error?.message == "duplicate key \"name\"")
    }

    @Test func laterDocumentsAreStillReadAfterASyntaxError() {
        let text =
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [oops\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n"
        let result = ManifestDecoder().decodeAll(Data(text.utf8), file: "m.yaml")
        #expect(result.documents.map(\.resource.metadata.name) == ["ok"])
        #expect(result.errors.map(\.reason) == [.syntax])
        #expect(result.errors.first?.line == 4)
    }
}
