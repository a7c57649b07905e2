import Foundation
import MeshCore
import Yams

/// Decodes the text of one manifest file (YAML, multi-document YAML, JSON, or a `kind: List`) into typed
/// objects, with file/line positions on every error.
public struct ManifestDecoder: Sendable {
    /// Why 3 MiB: the API server refuses request bodies over 3 MiB (`maxRequestBodyBytes`), so a bigger file
    /// could never be applied.
    public static let defaultMaxBytes = 3 * 1024 * 1024

    /// A validation pass over a defaulted object; field paths are mapped back to lines.
    public typealias Validator = @Sendable (AnyResource) -> [FieldError]

    /// Inputs larger than this are refused before parsing.
    public var maxBytes: Int
    /// Whether to run `validators` (on a defaulted copy) so invalid objects fail with a line number.
    public var validate: Bool
    /// The validation passes; Kubernetes' by default. Add Istio's webhook rules here
    /// (for example `{ IstioValidation.validate($0.base) }`).
    public var validators: [Validator]

    /// Creates a decoder.
    public init(
        maxBytes: Int = ManifestDecoder.defaultMaxBytes, validate: Bool = true,
        validators: [Validator] = [KubernetesValidation.validate]
    ) {
        self.maxBytes = maxBytes
        self.validate = validate
        self.validators = validators
    }

    /// Decodes raw file bytes; throws the first error. Empty and comment-only files give no documents.
    public func decode(_ data: Data, file: String) throws(ManifestError) -> [ManifestDocument] {
        let result = decodeAll(data, file: file)
        if let first = result.errors.first { throw first }
        return result.documents
    }

    /// Decodes text; throws the first error. Empty and comment-only files give no documents.
    public func decode(_ text: String, file: String) throws(ManifestError) -> [ManifestDocument] {
        try decode(Data(text.utf8), file: file)
    }

    /// Decodes text, keeping every good object and every error.
    public func decodeAll(_ text: String, file: String) -> ManifestDecoding {
        decodeAll(Data(text.utf8), file: file)
    }

    /// Decodes raw file bytes, keeping every good object and every error (as kubectl reports each failing object).
    public func decodeAll(_ data: Data, file: String) -> ManifestDecoding {
        let text: String
        switch InputCheck.text(from: data, file: file, maxBytes: maxBytes) {
        case .success(let decoded): text = decoded
        case .failure(let error): return ManifestDecoding(errors: [error])
        }
        var result = ManifestDecoding()
        for chunk in DocumentSplitter.split(text) {
            decodeChunk(chunk, file: file, into: &result)
        }
        return result
    }

    private func decodeChunk(_ chunk: DocumentChunk, file: String, into result: inout ManifestDecoding) {
        var nodes: [Yams.Node] = []
        do {
            let parser = try Parser(yaml: chunk.text)
            while let node = try parser.nextRoot() { nodes.append(node) }
        } catch {
            result.errors.append(YAMLErrorTranslator.translate(error, chunk: chunk, file: file))
        }
        for node in nodes {
            let tree = YAMLTree(node: node, lineOffset: chunk.lineOffset)
            if tree.truncated {
                result.errors.append(
                    ManifestError(
                        .tooLarge, file: file, line: tree.startLine,
                        message: "this document expands to more than \(YAMLTree.maxValues) values through YAML aliases",
                        hint: "write the values out instead of repeating *aliases"))
                continue
            }
            // Why: kubectl skips documents that are empty or only comments (`---` at the end of a file).
            if tree.value == .null { continue }
            decodeDocument(tree, file: file, into: &result)
        }
    }

    private func decodeDocument(_ tree: YAMLTree, file: String, into result: inout ManifestDecoding) {
        guard case .object = tree.value else {
            result.errors.append(
                ManifestError(
                    .notAnObject, file: file, line: tree.startLine,
                    message: "expected a Kubernetes object, got \(DecodingErrorTranslator.describe(tree.value))",
                    hint: "a manifest is a mapping with \"apiVersion:\", \"kind:\" and \"metadata:\""))
            return
        }
        let objectDecoder = ObjectDecoder(validators: validate ? validators : [])
        // Why: `kind: List` (and `DeploymentList` etc.) is how `kubectl get -o yaml` writes several objects;
        // kubectl apply flattens its `items`.
        if let kind = tree.value["kind"]?.stringValue, kind.hasSuffix("List"), let items = tree.value["items"] {
            guard let elements = items.arrayValue else {
                result.errors.append(
                    ManifestError(
                        .wrongType, file: file, line: tree.sourceMap.line(for: "items"), kind: kind,
                        fieldPath: "items", message: "expected a list, got \(DecodingErrorTranslator.describe(items))"))
                return
            }
            for (index, item) in elements.enumerated() {
                let location = ObjectLocation(file: file, sourceMap: tree.sourceMap, prefix: "items[\(index)]")
                append(objectDecoder.decode(item, at: location), to: &result)
            }
            return
        }
        let location = ObjectLocation(file: file, sourceMap: tree.sourceMap, prefix: "")
        append(objectDecoder.decode(tree.value, at: location), to: &result)
    }

    private func append(_ outcome: Result<ManifestDocument, ManifestErrors>, to result: inout ManifestDecoding) {
        switch outcome {
        case .success(let document): result.documents.append(document)
        case .failure(let errors): result.errors.append(contentsOf: errors.errors)
        }
    }
}
