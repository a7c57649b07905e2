#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value guarded by a pthread mutex, with `NIOLockedValueBox`'s API.
///
/// Why this exists: `NIOLockedValueBox` lives in `NIOConcurrencyHelpers`, which is not among
/// this target's declared products (Package.swift is not ours to edit). Swap for it when the
/// product is added.
///
/// `@unchecked Sendable` is sound: every access to `value` happens inside `withLockedValue`
/// while the mutex is held, and the mutex itself is heap-allocated and never moved.
final class LockedBox<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLockedValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
