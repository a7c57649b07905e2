import MeshRouting

/// Envoy's `retry_on` semantics for one attempt's result (reference §3.8).
enum RetryDecision {
    enum Kind { case response, connectFailure, reset, perTryTimeout }

    static func isRetriable(result: Kind, status: Int, policy: RetryPolicy) -> Bool {
        guard policy.attempts > 0 else { return false }
        let on = policy.retryOn
        switch result {
        case .connectFailure:
            // `5xx`, `gateway-error` and `reset` all include connect failures in Envoy.
            return on.contains("connect-failure") || on.contains("5xx") || on.contains("gateway-error")
                || on.contains("reset")
        case .reset:
            return on.contains("reset") || on.contains("5xx") || on.contains("gateway-error")
                || on.contains("reset-before-request")
        case .perTryTimeout:
            return on.contains("5xx") || on.contains("gateway-error") || on.contains("reset")
        case .response:
            // Below 409 only an explicit status code can match: skip the token lookups (this
            // runs for every proxied response).
            if status < 409 { return policy.retriableStatusCodes.contains(status) }
            if on.contains("5xx") && status >= 500 { return true }
            if on.contains("gateway-error") && (502...504).contains(status) { return true }
            if on.contains("retriable-4xx") && status == 409 { return true }
            // `unavailable`, `cancelled`, ... look at grpc-status, which HTTP/1.1 apps never send.
            // Numeric tokens arrive as retriable status codes.
            return policy.retriableStatusCodes.contains(status)
        }
    }
}
