import Foundation
import MeshDataPlane
import MeshRouting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct GatewayResilienceTests {
    private func holdEndpoint(_ hold: HoldingUpstream) -> UpstreamEndpoint {
        UpstreamEndpoint(
            address: "10.244.0.50", port: 80, localPort: hold.port, podName: "hold", namespace: "default",
            workload: "hold", labels: ["app": "hold", "version": "v1"])
    }

    @Test func circuitBreakerOverflowIsUO() async throws {
        let hold = try await HoldingUpstream.start()
        let c = cluster([holdEndpoint(hold)], pool: ConnectionPoolSettings(http2MaxRequests: 1))
        let gateway = try await startGateway(FakeRouter { _, _ in forward(c) })
        let first = try await TestConnection.open(port: gateway.ports[0])
        try await first.send(TestConnection.requestText("/"))
        var arrivals = hold.arrivals.makeAsyncIterator()
        _ = await arrivals.next()  // the first request now occupies the only slot
        let second = try await TestConnection.open(port: gateway.ports[0])
        let overflow = try await second.request("/")
        #expect(overflow.status == 503)
        #expect(overflow.body == "upstream connect error or disconnect/reset before headers. reset reason: overflow")
        #expect(overflow.header("x-envoy-overloaded") == "true")
        hold.release()
        #expect(try await first.readResponse().status == 200)
        #expect(
            gateway.log.lines().contains { $0.contains("\" 503 UO upstream_reset_before_response_started{overflow} ") })
        #expect(gateway.metrics.prometheusText().contains("envoy_cluster_upstream_rq_pending_overflow"))
        await first.close()
        await second.close()
        await gateway.stop()
        await hold.stop()
    }

    @Test func pendingRequestsWaitForTheSingleConnection() async throws {
        let hold = try await HoldingUpstream.start()
        let c = cluster(
            [holdEndpoint(hold)], pool: ConnectionPoolSettings(maxConnections: 1, http1MaxPendingRequests: 5))
        let gateway = try await startGateway(FakeRouter { _, _ in forward(c) })
        let releaser = Task {
            for await _ in hold.arrivals { hold.release() }
        }
        let a = try await TestConnection.open(port: gateway.ports[0])
        let b = try await TestConnection.open(port: gateway.ports[0])
        try await a.send(TestConnection.requestText("/"))
        try await b.send(TestConnection.requestText("/"))
        #expect(try await a.readResponse().status == 200)
        #expect(try await b.readResponse().status == 200)
        releaser.cancel()
        await a.close()
        await b.close()
        await gateway.stop()
        await hold.stop()
    }

    /// Each worker pools its own upstream connections, while `maxConnections` counts them for
    /// the whole cluster: a request on one worker must not wait forever for the slot an idle
    /// connection holds on another (Envoy opens one past the limit when its worker has none).
    /// Successive downstream connections land on the workers in turn, so some meet the idle
    /// connection from the other side; before the fix this test hit its time limit.
    @Test func aWorkerWithoutAConnectionDoesNotWaitForAnotherWorkersSlot() async throws {
        let pod = try await startPod("p")
        let c = cluster(
            [endpoint(pod, version: "v1")], pool: ConnectionPoolSettings(maxConnections: 1, http1MaxPendingRequests: 5))
        let gateway = try await startGateway(FakeRouter { _, _ in forward(c) })
        var clients: [TestConnection] = []
        for _ in 0..<6 {
            let client = try await TestConnection.open(port: gateway.ports[0])
            clients.append(client)
            #expect(try await client.request("/").status == 200)
        }
        for client in clients { await client.close() }
        await gateway.stop()
        await pod.stop()
    }

    @Test func outlierDetectionEjectsAndRespectsMaxPercent() async throws {
        let bad = try await startPod("bad", misbehaviour: Misbehaviour(errorRate: 1, errorStatus: 503))
        let good = try await startPod("good")
        let endpoints = [endpoint(bad, version: "v1", ip: "10.244.0.8"), endpoint(good, version: "v1")]
        let eject = OutlierDetectionSettings(
            consecutive5xxErrors: 1, baseEjectionTimeMilliseconds: 60_000, maxEjectionPercent: 100)
        let capped = OutlierDetectionSettings(consecutive5xxErrors: 1, baseEjectionTimeMilliseconds: 60_000)
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                request.path == "/capped"
                    ? forward(cluster(endpoints, name: "capped", outlier: capped))
                    : forward(cluster(endpoints, name: "ejecting", outlier: eject))
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        var statuses: [Int] = []
        for _ in 0..<22 { statuses.append(try await client.request("/").status) }
        #expect(statuses.filter { $0 == 503 }.count == 1)
        #expect(statuses.suffix(20).allSatisfy { $0 == 200 })
        let ejected = gateway.ejectedEndpoints()
        #expect(ejected.map(\.upstreamHost) == ["10.244.0.8:80"])
        #expect(ejected.first?.podName == "bad" && ejected.first?.ejectionCount == 1)
        // Default 10 %: with two hosts nothing may be ejected (50 % > 10 %).
        var capped503 = 0
        for _ in 0..<20 { capped503 += try await client.request("/capped").status == 503 ? 1 : 0 }
        #expect(capped503 == 10)
        #expect(gateway.ejectedEndpoints().allSatisfy { $0.cluster == "ejecting" })
        await client.close()
        await gateway.stop()
        await bad.stop()
        await good.stop()
    }

    @Test func allEjectedGivesNoHealthyUpstream() async throws {
        let bad = try await startPod("bad", misbehaviour: Misbehaviour(errorRate: 1, errorStatus: 502))
        let eject = OutlierDetectionSettings(
            consecutive5xxErrors: nil, consecutiveGatewayErrors: 1, baseEjectionTimeMilliseconds: 60_000,
            maxEjectionPercent: 100)
        let gateway = try await startGateway(
            FakeRouter { _, _ in
                forward(cluster([endpoint(bad, version: "v1")], outlier: eject))
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        #expect(try await client.request("/").status == 502)
        let uh = try await client.request("/")
        #expect(uh.status == 503 && uh.body == "no healthy upstream")
        await client.close()
        await gateway.stop()
        await bad.stop()
    }

    @Test func routerSwapUnderTrafficLosesNothing() async throws {
        let v1 = try await startPod("v1pod", version: "v1")
        let v2 = try await startPod("v2pod", version: "v2")
        let r1 = FakeRouter { _, _ in forward(cluster([endpoint(v1, version: "v1")], name: "v1")) }
        let r2 = FakeRouter { _, _ in forward(cluster([endpoint(v2, version: "v2")], name: "v2")) }
        let gateway = try await startGateway(r1)
        let port = gateway.ports[0]
        let results = try await withThrowingTaskGroup(of: [Int: Int].self) { tasks in
            for worker in 0..<4 {
                tasks.addTask {
                    let client = try await TestConnection.open(port: port)
                    var seen: [Int: Int] = [:]
                    for index in 0..<250 {
                        if worker == 0 && index % 10 == 0 { gateway.updateRouter(index % 20 == 0 ? r2 : r1) }
                        seen[try await client.request("/").status, default: 0] += 1
                    }
                    await client.close()
                    return seen
                }
            }
            var total: [Int: Int] = [:]
            for try await seen in tasks { total.merge(seen, uniquingKeysWith: +) }
            return total
        }
        #expect(results == [200: 1000])
        let versions = Set(gateway.metrics.requestCounts().keys.map(\.destinationVersion))
        #expect(versions == ["v1", "v2"])
        await gateway.stop()
        await v1.stop()
        await v2.stop()
    }

    @Test func mirrorGetsACopyWithShadowHost() async throws {
        let primary = try await startPod("primary", version: "v1")
        let shadow = try await startPod("shadow", version: "v2")
        let gateway = try await startGateway(
            FakeRouter { _, _ in
                forward(cluster([endpoint(primary, version: "v1")])) { action in
                    action.mirrors = [
                        MirrorTarget(
                            cluster: cluster([endpoint(shadow, version: "v2")], name: "shadow"),
                            authority: "example.com-shadow")
                    ]
                }
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request("/")
        #expect(response.body.contains("v1"))
        var lines = shadow.appLog.follow(includeExisting: true).makeAsyncIterator()
        let line = try #require(await lines.next())
        #expect(loggedHeaders(line)["host"] == "example.com-shadow")
        await client.close()
        await gateway.stop()
        await primary.stop()
        await shadow.stop()
    }

    @Test func statsListenerServesPrometheusText() async throws {
        let pod = try await startPod("myapp-v1-m", version: "v1")
        let gateway = try await startGateway(FakeRouter { _, _ in forward(cluster([endpoint(pod, version: "v1")])) })
        let stats = try await StatsServer.start(metrics: gateway.metrics, group: group)
        let client = try await TestConnection.open(port: gateway.ports[0])
        for _ in 0..<3 { _ = try await client.request("/") }
        let scrape = try await TestConnection.open(port: stats.port)
        let text = try await scrape.request("/stats/prometheus")
        #expect(text.status == 200)
        // Istio's stats filter: every standard label, in its order; an uninjected pod is reached
        // in plain text, so neither principal is known.
        let labels =
            "reporter=\"source\",source_workload=\"istio-ingressgateway\","
            + "source_canonical_service=\"istio-ingressgateway\",source_canonical_revision=\"latest\","
            + "source_workload_namespace=\"istio-system\",source_principal=\"unknown\","
            + "source_app=\"istio-ingressgateway\",source_version=\"unknown\",source_cluster=\"Kubernetes\","
            + "destination_workload=\"myapp-v1\",destination_workload_namespace=\"default\","
            + "destination_principal=\"unknown\",destination_app=\"myapp\",destination_version=\"v1\","
            + "destination_service=\"myapp.default.svc.cluster.local\",destination_canonical_service=\"myapp\","
            + "destination_canonical_revision=\"v1\",destination_service_name=\"myapp\","
            + "destination_service_namespace=\"default\",destination_cluster=\"Kubernetes\",request_protocol=\"http\","
            + "response_code=\"200\",grpc_response_status=\"\",response_flags=\"-\","
            + "connection_security_policy=\"unknown\""
        #expect(text.body.contains("istio_requests_total{\(labels)} 3\n"))
        #expect(text.body.contains("istio_request_duration_milliseconds_bucket{\(labels),le=\"+Inf\"} 3\n"))
        #expect(text.body.contains("istio_request_duration_milliseconds_count{\(labels)} 3\n"))
        #expect(text.body.contains("le=\"3600000\""))
        #expect(try await scrape.request("/other").status == 404)
        await scrape.close()
        await client.close()
        await stats.stop()
        await gateway.stop()
        await pod.stop()
    }
}
