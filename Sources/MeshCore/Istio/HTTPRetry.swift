/// `HTTPRetry`.
public struct HTTPRetry: Sendable, Hashable, Codable {
    /// Retries after the first try; 0 disables.
    public var attempts: Int?
    /// Timeout per attempt.
    public var perTryTimeout: String?
    /// Comma-separated Envoy retry-on tokens or status codes.
    public var retryOn: String?
    /// Retry in other localities.
    public var retryRemoteLocalities: Bool?
    /// Base backoff interval.
    public var backoff: String?
    /// Avoid hosts already tried (default true).
    public var retryIgnorePreviousHosts: Bool?

    /// Creates a retry policy.
    public init(attempts: Int?, perTryTimeout: String? = nil, retryOn: String? = nil) {
        self.attempts = attempts
        self.perTryTimeout = perTryTimeout
        self.retryOn = retryOn
    }
}
