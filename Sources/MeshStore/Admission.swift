import MeshCore

/// The admission chain kube-apiserver runs on every create and update before storing: mutating
/// (defaulting, sidecar injection) then validating. The store calls it inside its write so
/// controllers' writes pass through it exactly like users' (one path for every write).
public struct Admission: Sendable {
    /// What is being done.
    public enum Operation: Sendable {
        case create
        case update(AnyResource)
    }

    /// Mutates and validates one object; `lookup` reads the state the batch sees so far.
    public typealias Admit =
        @Sendable (
            inout AnyResource, Operation, (ObjectKey) -> AnyResource?
        ) throws(StoreError) -> Void

    private let body: Admit

    /// Creates a chain from a function.
    public init(_ body: @escaping Admit) { self.body = body }

    /// Runs the chain.
    public func admit(
        _ object: inout AnyResource, _ operation: Operation, _ lookup: (ObjectKey) -> AnyResource?
    ) throws(StoreError) {
        try body(&object, operation, lookup)
    }
}
