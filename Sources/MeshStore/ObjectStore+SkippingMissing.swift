import MeshCore

extension ObjectStore {
    /// Writes `operations` in one batch; if an object is gone meanwhile (NotFound), writes them
    /// one by one and skips the missing ones, as Kubernetes controllers ignore NotFound on
    /// objects someone else deleted. Returns how many were written.
    @discardableResult
    public func writeSkippingMissing(_ operations: [WriteOperation]) async throws(StoreError) -> Int {
        guard !operations.isEmpty else { return 0 }
        do {
            try await write(operations)
            return operations.count
        } catch {
            if error.reason != .notFound { throw error }
        }
        var written = 0
        for operation in operations {
            do {
                try await write([operation])
                written += 1
            } catch {
                if error.reason != .notFound { throw error }
            }
        }
        return written
    }
}
