import Foundation
import MeshManifest
import Testing

/// One file of the bad-manifest corpus and what its first error must say.
struct BadCase: Sendable, CustomTestStringConvertible {
    var file: String
    var reason: ManifestError.Reason
    var line: Int?
    var contains: [String]

    init(_ file: String, _ reason: ManifestError.Reason, line: Int?, _ contains: String...) {
        self.file = file
        self.reason = reason
        self.line = line
        self.contains = contains
    }

    var testDescription: String { file }
}

/// The corpus: every file under `Fixtures/bad/` appears here exactly once.
let badCases: [BadCase] = [
    // The seed tutorial's first manifest, verbatim: two Deployments with no `---` between them.
    BadCase(
        "seed-missing-separator.yaml", .missingSeparator, line: 19,
        "seed-missing-separator.yaml:19: Deployment \"myapp-v1\": duplicate key \"kind\" (first at line 1)",
        "is a \"---\" document separator missing between two objects?"),
    BadCase("missing-kind.yaml", .missingKind, line: 1, "Object 'Kind' is missing", "\"web\""),
    BadCase("missing-apiversion.yaml", .missingAPIVersion, line: 1, "Object 'apiVersion' is missing", "apps/v1"),
    BadCase(
        "unknown-kind.yaml", .unknownKind, line: 2, "no matches for kind \"Foo\" in version \"bar/v1\"",
        "ensure CRDs are installed first"),
    BadCase(
        "unsupported-version.yaml", .unsupportedVersion, line: 1,
        "no matches for kind \"Deployment\" in version \"apps/v1beta3\"", "served as \"apiVersion: apps/v1\""),
    BadCase(
        "lowercase-kind.yaml", .unknownKind, line: 2, "no matches for kind \"deployment\"",
        "did you mean \"Deployment\"?"),
    BadCase(
        "unknown-field.yaml", .unknownField, line: 6, "Deployment \"web\": unknown field \"spec.replica\"",
        "did you mean \"replicas\"?"),
    BadCase(
        "unknown-field-nested.yaml", .unknownField, line: 19,
        "unknown field \"spec.template.spec.containers[0].ports[0].containerport\"", "did you mean \"containerPort\"?"),
    BadCase(
        "misspelt-required.yaml", .unknownField, line: 15, "unknown field \"spec.template.spec.contianers\"",
        "did you mean \"containers\"?"),
    BadCase("wrong-type-replicas.yaml", .wrongType, line: 6, "spec.replicas: expected integer, got string \"two\""),
    BadCase(
        "wrong-type-label.yaml", .wrongType, line: 14,
        "spec.template.metadata.labels.version: expected string, got number 1.10",
        "quote the value to keep it as text: \"1.10\""),
    BadCase(
        "env-value-number.yaml", .wrongType, line: 20,
        "spec.template.spec.containers[0].env[0].value: expected string, got number 8080", "\"8080\""),
    BadCase(
        "bad-name.yaml", .invalid, line: 4,
        "metadata.name: Invalid value: \"My_App\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    ),
    BadCase(
        "bad-service-name.yaml", .invalid, line: 4,
        "Service \"1web\": metadata.name: Invalid value: \"1web\": a DNS-1035 label",
        "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
    BadCase(
        "selector-mismatch.yaml", .invalid, line: 12,
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"
    ),
    BadCase("missing-selector-apps-v1.yaml", .invalid, line: 5, "Deployment \"web\": spec.selector: Required value"),
    BadCase(
        "negative-replicas.yaml", .invalid, line: 6,
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
    BadCase(
        "container-port-70000.yaml", .invalid, line: 19,
        "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
    ),
    BadCase(
        "duplicate-container-names.yaml", .invalid, line: 20,
        "spec.template.spec.containers[1].name: Duplicate value: \"web\""),
    BadCase("missing-image.yaml", .invalid, line: 16, "spec.template.spec.containers[0].image: Required value"),
    BadCase(
        "service-multi-port-no-name.yaml", .invalid, line: 9, "Service \"web\": spec.ports[0].name: Required value"),
    BadCase("missing-name.yaml", .missingName, line: 3, "metadata.name: Required value"),
    BadCase("empty.yaml", .noObjects, line: nil, "empty.yaml: no objects passed to apply"),
    BadCase("comments-only.yaml", .noObjects, line: nil, "comments-only.yaml: no objects passed to apply"),
    BadCase("binary.yaml", .binary, line: 1, "binary file (it contains NUL bytes)"),
    BadCase("invalid-utf8.yaml", .binary, line: 4, "not valid UTF-8 text"),
    BadCase("tabs.yaml", .syntax, line: 17, "tabs.yaml:17:1:", "tab character", "indent with spaces"),
    BadCase("unclosed-quote.yaml", .syntax, line: 17, "unclosed-quote.yaml:17:", "not closed"),
    BadCase(
        "bad-indentation.yaml", .syntax, line: 17, "bad-indentation.yaml:17:15:",
        "mapping values are not allowed in this context", "check the indentation"),
    BadCase(
        "duplicate-nested-key.yaml", .duplicateKey, line: 18,
        "Deployment \"web\": duplicate key \"image\" (first at line 17)"),
    BadCase(
        "json-wrong-type.json", .wrongType, line: 10,
        "Service \"web\": spec.ports[0].port: expected integer, got string \"80\"",
        "remove the quotes"),
    BadCase(
        "list-bad-item.yaml", .invalid, line: 18,
        "Pod \"web\": spec.containers[0].ports[0].containerPort: Required value"),
    BadCase(
        "bad-label-value.yaml", .invalid, line: 5,
        "metadata.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters"
    ),
    BadCase(
        "restart-policy-never.yaml", .invalid, line: 15,
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""),
    BadCase("not-an-object.yaml", .notAnObject, line: 1, "expected a Kubernetes object, got a list"),
    BadCase(
        "service-bad-targetport.yaml", .invalid, line: 11,
        "spec.ports[0].targetPort: Invalid value: \"HTTP_PORT\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
    ),
    BadCase(
        "bad-quantity.yaml", .invalid, line: 19,
        "spec.template.spec.containers[0].resources.limits[memory]: Invalid value: \"1Gb\": quantities must match the regular expression"
    ),
    BadCase("second-document-bad.yaml", .wrongType, line: 11, "spec.replicas: expected integer, got string \"3\""),
]

@Suite(.timeLimit(.minutes(1))) struct BadManifestTests {
    @Test(arguments: badCases)
    func reportsTheRightError(_ badCase: BadCase) throws {
        let path = Fixtures.path("bad/" + badCase.file)
        let result = ManifestLoader().loadAll([path])
        let error = try #require(result.errors.first)
        #expect(error.reason == badCase.reason)
        #expect(error.line == badCase.line)
        #expect(error.file == path)
        let text = error.description
        #expect(text.hasPrefix("error: \(path)"))
        for fragment in badCase.contains {
            #expect(text.contains(fragment), "\(text)")
        }
        // Never a parser or DecodingError dump.
        #expect(!text.contains("DecodingError") && !text.contains("codingPath") && !text.contains("Context("))
    }

    @Test func corpusAndTableMatch() throws {
        let files = try Fixtures.names(in: "bad")
        #expect(files.count >= 25)
        #expect(Set(files) == Set(badCases.map(\.file)))
        #expect(badCases.count == Set(badCases.map(\.file)).count)
    }

    @Test func goodObjectsAroundABadOneStillDecode() {
        let result = ManifestLoader().loadAll([Fixtures.path("bad/second-document-bad.yaml")])
        #expect(result.documents.map(\.resource.displayName) == ["namespace/shop"])
        #expect(result.errors.count == 1)
    }

    @Test func inputOverThreeMebibytesIsRefused() {
        let object = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\n"
        let text = String(repeating: object, count: (3 * 1024 * 1024) / object.utf8.count + 1)
        #expect(text.utf8.count > ManifestDecoder.defaultMaxBytes)
        #expect(throws: ManifestError.self) { try ManifestDecoder().decode(text, file: "big.yaml") }
        let error = ManifestDecoding.firstError(ManifestDecoder().decodeAll(Data(text.utf8), file: "big.yaml"))
        #expect(error?.reason == .tooLarge)
        #expect(error?.description.contains("rejects requests larger than 3 MiB") == true)
        // The limit is on bytes, and exactly at it the file is still read.
        let exact = Data(object.utf8)
        #expect(ManifestDecoder(maxBytes: exact.count).decodeAll(exact, file: "ok.yaml").errors.isEmpty)
        #expect(
            ManifestDecoder(maxBytes: exact.count - 1).decodeAll(exact, file: "ok.yaml").errors.first?.reason
                == .tooLarge)
    }

    @Test func everyErrorOfAFileIsReported() {
        let result = ManifestLoader().loadAll([Fixtures.path("bad/service-multi-port-no-name.yaml")])
        #expect(result.errors.map(\.fieldPath) == ["spec.ports[0].name", "spec.ports[1].name"])
        #expect(result.errors.map(\.line) == [9, 10])
    }
}

extension ManifestDecoding {
    /// The first error, for brevity in tests.
    static func firstError(_ decoding: ManifestDecoding) -> ManifestError? { decoding.errors.first }
}
