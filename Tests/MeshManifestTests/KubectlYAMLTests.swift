import Foundation
import MeshCore
import MeshManifest
import Testing

@Suite(.timeLimit(.minutes(1))) struct KubectlYAMLTests {
    private func json(_ name: String) throws -> JSONValue {
        try JSONCoding.decoder.decode(JSONValue.self, from: Fixtures.data("yaml/" + name))
    }

    private func golden(_ name: String) throws -> String {
        String(decoding: try Fixtures.data("yaml/" + name), as: UTF8.self)
    }

    @Test func deploymentMatchesKubectlOutput() throws {
        #expect(KubectlYAML.render(try json("deployment.json")) == (try golden("deployment.yaml")))
    }

    @Test func severalObjectsUseTheListWrapper() throws {
        let items = try #require(try json("list.json").arrayValue)
        #expect(KubectlYAML.renderList(items) == (try golden("list.yaml")))
    }

    @Test func documentsAreSeparatedByDashes() {
        let text = KubectlYAML.renderDocuments([.object(["a": .int(1)]), .object(["b": .int(2)])])
        #expect(text == "a: 1\n---\nb: 2\n")
    }

    @Test func renderedYAMLDecodesBackToTheSameObject() throws {
        let object = try json("deployment.json")
        let text = KubectlYAML.render(object)
        let documents = try ManifestDecoder().decode(text, file: "round-trip.yaml")
        #expect(try documents.first?.resource.json() == (try AnyResource.decode(object, as: Deployment.self).json()))
    }

    /// Scalars: plain when they read back as the same string, double quotes when they would read back as another
    /// type, single quotes when an indicator forbids plain.
    @Test(arguments: [
        ("web", "web"), ("", "\"\""), ("80", "\"80\""), ("0.5", "\"0.5\""), ("1e3", "\"1e3\""), ("0x1F", "\"0x1F\""),
        ("yes", "\"yes\""), ("No", "\"No\""), ("on", "\"on\""), ("y", "\"y\""), ("true", "\"true\""),
        ("null", "\"null\""), ("~", "\"~\""), ("2026-11-24", "\"2026-11-24\""),
        ("2026-11-24T18:03:16Z", "\"2026-11-24T18:03:16Z\""), ("1:30", "\"1:30\""), ("*", "'*'"),
        ("a: b", "'a: b'"), ("# x", "'# x'"), ("a #b", "'a #b'"), ("it's: ok", "'it''s: ok'"), (" lead", "' lead'"),
        ("trail ", "'trail '"), ("-", "'-'"), ("- item", "'- item'"), ("-x", "-x"), ("@home", "'@home'"),
        ("{x}", "'{x}'"), ("[x]", "'[x]'"), ("---", "'---'"), ("a:b", "a:b"), ("http://x:80/y", "http://x:80/y"),
        ("25%", "25%"), ("tab\there", "\"tab\\there\""), ("v1.2.3", "v1.2.3"), ("1.2.3", "1.2.3"), ("inf", "inf"),
        (".inf", "\".inf\""), ("<<", "\"<<\""), ("1_000", "\"1_000\""), ("café", "café"),
    ])
    func scalarQuoting(_ input: String, _ expected: String) {
        #expect(KubectlYAML.render(.object(["k": .string(input)])) == "k: \(expected)\n")
    }

    @Test func nonStringScalars() {
        let object = JSONValue.object([
            "a": .int(-3), "b": .double(0.25), "c": .double(2), "d": .bool(false), "e": .null, "f": .array([]),
            "g": .object([:]),
        ])
        #expect(KubectlYAML.render(object) == "a: -3\nb: 0.25\nc: 2\nd: false\ne: null\nf: []\ng: {}\n")
    }

    @Test func keysSortInGoYAMLNaturalOrder() {
        let object = JSONValue.object([
            "a10": .int(1), "a9": .int(2), "B": .int(3), "a": .int(4), "_x": .int(5), "a.b": .int(6), "80": .int(7),
        ])
        #expect(KubectlYAML.render(object) == "_x: 5\n\"80\": 7\nB: 3\na: 4\na.b: 6\na9: 2\na10: 1\n")
    }

    @Test func multiLineStringsUseLiteralBlocks() {
        let object = JSONValue.object([
            "clip": .string("one\ntwo\n"), "strip": .string("one\ntwo"), "keep": .string("one\n\n"),
            "list": .array([.string("a\nb\n")]),
        ])
        let expected = """
            clip: |
              one
              two
            keep: |+
              one

            list:
            - |
              a
              b
            strip: |-
              one
              two

            """
        #expect(KubectlYAML.render(object) == expected)
    }

    @Test func nestedSequencesAndTopLevelValues() {
        #expect(
            KubectlYAML.render(.object(["m": .array([.array([.int(1), .int(2)]), .int(3)])]))
                == "m:\n- - 1\n  - 2\n- 3\n")
        #expect(
            KubectlYAML.render(.array([.object(["a": .int(1), "b": .object(["c": .int(2)])])]))
                == "- a: 1\n  b:\n    c: 2\n")
        #expect(KubectlYAML.render(.string("x")) == "x\n")
    }
}

@Suite(.timeLimit(.minutes(1))) struct KubectlYAMLFoldingTests {
    @Test func longPlainStringsFoldPastColumnEighty() {
        let words = (1...30).map { "word\($0)" }.joined(separator: " ")
        let text = KubectlYAML.render(.object(["spec": .object(["description": .string(words)])]))
        let expected = """
            spec:
              description: word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11
                word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23
                word24 word25 word26 word27 word28 word29 word30

            """
        #expect(text == expected)
        // Folded plain scalars read back as the same single-line string.
        let items = KubectlYAML.render(.object(["list": .array([.string("x: " + words)])]))
        #expect(items.hasPrefix("list:\n- 'x: word1 word2"))
        #expect(items.split(separator: "\n").allSatisfy { $0.count <= 90 })
    }

    @Test func foldedStringsReadBackUnchanged() throws {
        let long = (1...40).map { "w\($0)" }.joined(separator: " ")
        let quoted = "note: " + long
        let object = JSONValue.object([
            "apiVersion": .string("v1"), "kind": .string("Namespace"),
            "metadata": .object([
                "name": .string("n"), "annotations": .object(["a": .string(long), "b": .string(quoted)]),
            ]),
        ])
        let text = KubectlYAML.render(object)
        #expect(text.split(separator: "\n").count > 8)
        let decoded = try #require(try ManifestDecoder().decode(text, file: "fold.yaml").first)
        #expect(decoded.resource.metadata.annotations == ["a": long, "b": quoted])
    }

    /// The break happens at the first space once the line is past column 80 (it may already be longer).
    @Test func foldingDependsOnTheColumnNotTheLength() {
        #expect(KubectlYAML.render(.object(["k": .string("a b")])) == "k: a b\n")
        let key = String(repeating: "k", count: 100)
        #expect(KubectlYAML.render(.object([key: .string("a b")])) == "\(key): a\n  b\n")
        #expect(KubectlYAML.render(.object([key: .string("ab")])) == "\(key): ab\n")
    }
}
