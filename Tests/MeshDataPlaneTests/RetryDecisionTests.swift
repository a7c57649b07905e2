import MeshRouting
import Testing

@testable import MeshDataPlane

/// Envoy's `retry_on` for one attempt's result, as a pure decision (reference §3.8).
@Suite(.timeLimit(.minutes(1))) struct RetryDecisionTests {
    private func policy(_ retryOn: Set<String>, codes: Set<Int> = []) -> RetryPolicy {
        RetryPolicy(attempts: 2, perTryTimeoutMilliseconds: nil, retryOn: retryOn, retriableStatusCodes: codes)
    }

    @Test func istioDefaultRetriesConnectFailuresButNoResponse() {
        let policy = RetryPolicy.istioDefault
        #expect(RetryDecision.isRetriable(result: .connectFailure, status: 503, policy: policy))
        for status in [200, 404, 409, 500, 503] {
            #expect(!RetryDecision.isRetriable(result: .response, status: status, policy: policy))
        }
    }

    @Test func responseConditions() {
        #expect(RetryDecision.isRetriable(result: .response, status: 500, policy: policy(["5xx"])))
        #expect(!RetryDecision.isRetriable(result: .response, status: 404, policy: policy(["5xx"])))
        #expect(RetryDecision.isRetriable(result: .response, status: 503, policy: policy(["gateway-error"])))
        #expect(!RetryDecision.isRetriable(result: .response, status: 500, policy: policy(["gateway-error"])))
        #expect(RetryDecision.isRetriable(result: .response, status: 409, policy: policy(["retriable-4xx"])))
        #expect(!RetryDecision.isRetriable(result: .response, status: 408, policy: policy(["retriable-4xx"])))
    }

    @Test func retriableStatusCodesMatchAnyCode() {
        let codes = policy(["retriable-status-codes"], codes: [200, 404, 503])
        for status in [200, 404, 503] {
            #expect(RetryDecision.isRetriable(result: .response, status: status, policy: codes))
        }
        for status in [201, 409, 500] {
            #expect(!RetryDecision.isRetriable(result: .response, status: status, policy: codes))
        }
        let noAttempts = RetryPolicy(
            attempts: 0, perTryTimeoutMilliseconds: nil, retryOn: ["5xx"], retriableStatusCodes: [404])
        #expect(!RetryDecision.isRetriable(result: .response, status: 404, policy: noAttempts))
    }
}
