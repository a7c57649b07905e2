import MeshRouting
import Testing

@testable import MeshDataPlane

/// The cluster-wide connection circuit breaker as a pure state machine.
@Suite(.timeLimit(.minutes(1))) struct ClusterStateTests {
    @Test func aWorkerWithNoConnectionOpensOnePastTheLimitAndCountsTheOverflow() {
        let metrics = ProxyMetrics(proxyName: "gw")
        let state = ClusterState(name: "outbound|80||a.default.svc.cluster.local", metrics: metrics)
        let settings = ConnectionPoolSettings(maxConnections: 1, http1MaxPendingRequests: 1)
        var id: Int?
        #expect(state.acquireConnection(settings: settings, workerHasNone: true, waiterID: &id, wake: {}) == .granted)
        // At the limit, a worker that already has a connection to the host waits for it...
        #expect(state.acquireConnection(settings: settings, workerHasNone: false, waiterID: &id, wake: {}) == .queued)
        #expect(id != nil)
        // ...and the next one overflows the pending queue, while a worker with none opens anyway.
        var other: Int?
        #expect(
            state.acquireConnection(settings: settings, workerHasNone: false, waiterID: &other, wake: {}) == .overflow)
        #expect(
            state.acquireConnection(settings: settings, workerHasNone: true, waiterID: &other, wake: {}) == .granted)
        #expect(other == nil)
        #expect(
            metrics.prometheusText().contains(
                "envoy_cluster_upstream_cx_overflow{cluster_name=\"outbound|80||a.default.svc.cluster.local\"} 1"))
    }

    @Test func aClosedConnectionsSlotPassesToTheFirstWaiter() {
        let state = ClusterState(name: "c", metrics: ProxyMetrics(proxyName: "gw"))
        let settings = ConnectionPoolSettings(maxConnections: 1, http1MaxPendingRequests: 5)
        let woken = TestLockedBox([Int]())
        var id: Int?
        #expect(state.acquireConnection(settings: settings, workerHasNone: true, waiterID: &id, wake: {}) == .granted)
        for waiter in 1...2 {
            var waiterID: Int?
            let result = state.acquireConnection(settings: settings, workerHasNone: false, waiterID: &waiterID) {
                woken.withLockedValue { $0.append(waiter) }
            }
            #expect(result == .queued)
        }
        state.connectionClosed()
        #expect(woken.withLockedValue { $0 } == [1])
        // The slot went to waiter 1, so the cluster is still full: a newcomer waits behind waiter 2.
        var late: Int?
        #expect(state.acquireConnection(settings: settings, workerHasNone: false, waiterID: &late, wake: {}) == .queued)
        state.connectionClosed()
        #expect(woken.withLockedValue { $0 } == [1, 2])
        #expect(state.hasWaiters)  // the newcomer still waits for the next closed connection
    }
}
