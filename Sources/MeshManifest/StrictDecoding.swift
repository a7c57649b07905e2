import MeshCore

/// The API server's `fieldValidation=Strict`: which input keys the typed model does not know.
public enum StrictDecoding {
    /// kubectl-style paths of unknown keys in `input`, which decoded into `object`.
    public static func unknownFields(input: JSONValue, object: AnyResource) -> [String] {
        guard let decoded = try? object.json() else { return [] }
        return UnknownFieldDetector.unknownFields(input: input, decoded: decoded, typed: object.base).map(\.path)
    }
}
