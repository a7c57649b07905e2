import Foundation
import MeshDataPlane
import MeshRouting
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct GatewayForwardingTests {
    @Test func fiftyFiftySplitWithinBinomialBounds() async throws {
        let v1 = try await startPod("myapp-v1-a", version: "v1")
        let v2 = try await startPod("myapp-v2-b", version: "v2")
        let c1 = cluster([endpoint(v1, version: "v1")], name: "outbound|80|v1|myapp.default.svc.cluster.local")
        let c2 = cluster([endpoint(v2, version: "v2")], name: "outbound|80|v2|myapp.default.svc.cluster.local")
        let gateway = try await startGateway(
            FakeRouter { _, random in
                forward(random >> 63 == 0 ? c1 : c2)
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        var counts: [String: Int] = [:]
        var firstFifty: Set<String> = []
        for index in 0..<1000 {
            let response = try await client.request("/")
            #expect(response.status == 200)
            let version = response.body.contains("v1") ? "v1" : "v2"
            counts[version, default: 0] += 1
            if index < 50 { firstFifty.insert(version) }
        }
        #expect((448...552).contains(counts["v1"] ?? 0))
        #expect(firstFifty.count == 2)
        let snapshot = gateway.metrics.requestCounts()
        let v1Count = snapshot.filter { $0.key.destinationVersion == "v1" && $0.key.responseCode == 200 }.map(\.value)
            .reduce(0, +)
        #expect(v1Count == counts["v1"])
        await client.close()
        await gateway.stop()
        await v1.stop()
        await v2.stop()
    }

    @Test func headersAddedAndOverwritten() async throws {
        let pod = try await startPod("myapp-v1-h", version: "v1")
        let c = cluster([endpoint(pod, version: "v1")])
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                forward(c, path: "/rewritten" + request.path, authority: "myapp.internal") { action in
                    action.pathRewritten = true
                    action.requestHeaders = HeaderOperations(
                        set: ["x-set": "s"], add: ["x-add": "b"], remove: ["x-remove"])
                    action.responseHeaders = HeaderOperations(set: ["x-resp": "r"], remove: ["etag"])
                }
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request(
            "/p?q=1",
            headers: [
                ("x-request-id", "client-chosen"), ("x-forwarded-for", "1.2.3.4"), ("x-remove", "gone"),
                ("x-add", "a"), ("x-envoy-retry-on", "5xx"),
            ])
        #expect(response.status == 200)
        #expect(response.header("server") == "istio-envoy")
        #expect(Int(response.header("x-envoy-upstream-service-time") ?? "") != nil)
        #expect(response.header("x-resp") == "r")
        #expect(!response.has("etag"))
        #expect(!response.has("x-envoy-attempt-count") && !response.has("x-request-id"))
        let seen = loggedHeaders(try #require(pod.appLog.lines().last))
        #expect(pod.appLog.lines().last?.contains("\"GET /rewritten/p?q=1 HTTP/1.1\"") == true)
        #expect(seen["host"] == "myapp.internal")
        #expect(seen["x-request-id"] != "client-chosen" && seen["x-request-id"]?.count == 36)
        #expect(seen["x-forwarded-for"] == "1.2.3.4,127.0.0.1")
        #expect(seen["x-forwarded-proto"] == "http")
        #expect(seen["x-envoy-external-address"] == "127.0.0.1")
        #expect(seen["x-envoy-attempt-count"] == "1")
        #expect(seen["x-envoy-original-path"] == "/p?q=1")
        #expect(seen["x-set"] == "s" && seen["x-add"] == "a,b" && seen["x-remove"] == nil)
        #expect(seen["x-envoy-retry-on"] == nil)
        let line = try #require(gateway.log.lines().last)
        #expect(line.contains("\"GET /p?q=1 HTTP/1.1\" 200 - via_upstream - \"-\""))
        #expect(line.contains("\"10.244.0.7:80\" outbound|80||myapp.default.svc.cluster.local"))
        #expect(line.hasSuffix(" myapp.0"))
        await client.close()
        await gateway.stop()
        await pod.stop()
    }

    @Test func localRepliesExact() async throws {
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                switch request.path {
                case "/nr": return .local(LocalReply(status: 404, responseFlags: "NR", details: "route_not_found"))
                case "/uh":
                    return .local(
                        LocalReply(
                            status: 503, body: "no healthy upstream", responseFlags: "UH",
                            details: "no_healthy_upstream", destination: destination()))
                case "/redirect":
                    return .local(LocalReply(status: 301, headers: ["location": "http://x/y"], details: "-"))
                default:
                    return .local(
                        LocalReply(
                            status: 555, body: "fault filter abort", responseFlags: "FI",
                            details: "fault_filter_abort", destination: destination(), delayMilliseconds: 5))
                }
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let nr = try await client.request("/nr")
        #expect(nr.status == 404 && nr.body.isEmpty && nr.header("content-length") == "0")
        #expect(!nr.has("content-type") && !nr.has("x-envoy-upstream-service-time"))
        #expect(nr.header("server") == "istio-envoy" && nr.has("date"))
        let uh = try await client.request("/uh")
        #expect(uh.status == 503 && uh.body == "no healthy upstream" && uh.header("content-length") == "19")
        #expect(uh.header("content-type") == "text/plain")
        let redirect = try await client.request("/redirect")
        #expect(redirect.status == 301 && redirect.header("location") == "http://x/y")
        let abort = try await client.request("/abort")
        #expect(abort.status == 555 && abort.body == "fault filter abort" && abort.header("content-length") == "18")
        let lines = gateway.log.lines()
        #expect(lines[0].contains("\" 404 NR route_not_found "))
        #expect(lines[3].contains("\" 555 DI,FI fault_filter_abort "))
        let text = gateway.metrics.prometheusText()
        #expect(text.contains("destination_service=\"unknown\""))
        // No workload answered a local reply: its cluster is unknown; the gateway's own is not.
        #expect(text.contains("source_cluster=\"Kubernetes\"") && text.contains("destination_cluster=\"unknown\""))
        #expect(text.contains("response_code=\"555\",grpc_response_status=\"\",response_flags=\"DI,FI\""))
        await client.close()
        await gateway.stop()
    }

    @Test("A pod with a sidecar is told the port; its sidecar refuses one the app does not serve, the gateway logs -")
    func sidecarLearnsTheOriginalDestination() async throws {
        let pod = try await startPod("myapp-v1-o", sidecar: true)
        var injected = endpoint(pod, version: "v1")
        injected.principal = "spiffe://cluster.local/ns/default/sa/default"
        let reached = injected
        let refused = injected.with(port: 7777, localPort: pod.port)
        let gateway = try await startGateway(
            FakeRouter { request, _ in forward(cluster([request.path == "/closed" ? refused : reached])) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let served = try await client.request("/open", headers: [("x-envoy-original-dst-host", "1.2.3.4:7777")])
        #expect(served.status == 200)
        #expect(loggedHeaders(try #require(pod.appLog.lines().last))["x-envoy-original-dst-host"] == nil)
        let closed = try await client.request("/closed")
        #expect(closed.status == 503 && closed.body.hasSuffix("delayed connect error: 111"))
        #expect(gateway.log.lines().last?.contains("\"GET /closed HTTP/1.1\" 503 - via_upstream ") == true)
        #expect(pod.logs(container: "istio-proxy")?.lines().last?.contains("\" 503 UF,URX ") == true)
        await client.close()
        await gateway.stop()
        await pod.stop()
    }

    @Test("The router sees an absolute-form target's host and path, and every path normalized")
    func targetsAreRoutedAsEnvoyRoutesThem() async throws {
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                .local(
                    LocalReply(status: 200, body: "\(request.authority) \(request.path)", details: "direct_response"))
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        #expect(try await client.request("http://shop.test/v1?q=1", host: "other").body == "shop.test /v1?q=1")
        #expect(try await client.request("HTTP://shop.test:8080", host: "other").body == "shop.test:8080 /")
        #expect(try await client.request("/x/../v1", host: "shop.test").body == "shop.test /v1")
        #expect(
            try await client.request("/v%31/%2e/a%2Fb?p=/../", host: "shop.test").body == "shop.test /v1/a%2Fb?p=/../")
        #expect(gateway.log.lines().last?.contains("\"GET /v1/a%2Fb?p=/../ HTTP/1.1\"") == true)
        await client.close()
        await gateway.stop()
    }

    /// Envoy logs and counts what it refuses: a codec error as `DPE` with an `http1.` detail and no
    /// request yet (`"- - HTTP/1.1"`, no request id); a body over the limit with its request.
    @Test func refusedRequestsAreLoggedAndCountedLikeEnvoy() async throws {
        let gateway = try await startGateway(
            FakeRouter { _, _ in .local(LocalReply(status: 200, body: "", details: "direct_response")) })
        let garbage = try await TestConnection.open(port: gateway.ports[0])
        try await garbage.send("GARBAGE\r\n\r\n")
        #expect(try await garbage.readResponse().status == 400)
        let upload = try await TestConnection.open(port: gateway.ports[0])
        try await upload.send(
            "POST /upload HTTP/1.1\r\nHost: example.com\r\nUser-Agent: up/1\r\nContent-Length: 99999999\r\n\r\n")
        #expect(try await upload.readResponse().status == 413)
        let lines = gateway.log.lines()
        #expect(lines.count == 2)
        #expect(
            lines.first?.contains(
                "] \"- - HTTP/1.1\" 400 DPE http1.codec_error - \"-\" 0 0 0 - \"-\" \"-\" \"-\" \"-\" \"-\" ") == true,
            "\(lines)")
        #expect(
            lines.last?.contains(
                "] \"POST /upload HTTP/1.1\" 413 - request_payload_too_large - \"-\" 0 17 0 - \"127.0.0.1\" \"up/1\" ")
                == true, "\(lines)")
        let text = gateway.metrics.prometheusText()
        #expect(text.contains("response_code=\"400\",grpc_response_status=\"\",response_flags=\"DPE\""), "\(text)")
        #expect(text.contains("response_code=\"413\",grpc_response_status=\"\",response_flags=\"-\""), "\(text)")
        await garbage.close()
        await upload.close()
        await gateway.stop()
    }

    @Test func retriesMoveOffADeadEndpoint() async throws {
        let pod = try await startPod("myapp-v1-r", version: "v1")
        let dead = try await closedPort()
        let c = cluster([deadEndpoint(port: dead), endpoint(pod, version: "v1")])
        let gateway = try await startGateway(FakeRouter { _, _ in forward(c) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        for _ in 0..<20 {
            let response = try await client.request("/")
            #expect(response.status == 200)
        }
        // Requests that tried the dead endpoint first reached the live one with attempt 2.
        let attempts = Set(pod.appLog.lines().compactMap { loggedHeaders($0)["x-envoy-attempt-count"] })
        #expect(attempts == ["1", "2"])
        await client.close()
        await gateway.stop()
        await pod.stop()
    }

    @Test func connectFailureWithoutRetriesIsUF() async throws {
        let dead = try await closedPort()
        let noRetry = RetryPolicy(attempts: 0, perTryTimeoutMilliseconds: nil, retryOn: [], retriableStatusCodes: [])
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                forward(cluster([deadEndpoint(port: dead)]), retry: request.path == "/retry" ? .istioDefault : noRetry)
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request("/")
        #expect(response.status == 503)
        #expect(
            response.body
                == "upstream connect error or disconnect/reset before headers. reset reason: connection failure")
        #expect(!response.has("x-envoy-upstream-service-time"))
        let retried = try await client.request("/retry")
        #expect(retried.status == 503)
        let lines = gateway.log.lines()
        #expect(lines[0].contains("\" 503 UF upstream_reset_before_response_started{connection_failure} "))
        #expect(lines[1].contains("\" 503 UF,URX "))
        await client.close()
        await gateway.stop()
    }

    @Test func routeTimeoutGives504AndFaultDelayIsNotCounted() async throws {
        let slow = try await startPod("slow", misbehaviour: Misbehaviour(addedLatency: .seconds(5)))
        let fast = try await startPod("fast")
        let gateway = try await startGateway(
            FakeRouter { request, _ in
                if request.path == "/slow" { return forward(cluster([endpoint(slow, version: "v1")]), timeout: 50) }
                // The timeout leaves the fast pod room on a loaded machine; the delay exceeds it.
                return forward(cluster([endpoint(fast, version: "v1")], name: "fast"), timeout: 500) { action in
                    action.fault = FaultDecision(delayMilliseconds: 600)
                }
            })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let timedOut = try await client.request("/slow")
        #expect(timedOut.status == 504 && timedOut.body == "upstream request timeout")
        // Delay (600 ms) longer than the timeout (500 ms): still 200, the clock starts after it.
        let delayed = try await client.request("/delayed")
        #expect(delayed.status == 200)
        let lines = gateway.log.lines()
        #expect(lines[0].contains("\" 504 UT upstream_response_timeout "))
        #expect(lines[1].contains("\" 200 DI via_upstream "))
        await client.close()
        await gateway.stop()
        await slow.stop()
        await fast.stop()
    }

    @Test func perTryTimeoutRetriesThenUTURX() async throws {
        let slow = try await startPod("slow", misbehaviour: Misbehaviour(addedLatency: .seconds(5)))
        let policy = RetryPolicy(attempts: 1, perTryTimeoutMilliseconds: 30, retryOn: ["5xx"], retriableStatusCodes: [])
        let gateway = try await startGateway(
            FakeRouter { _, _ in forward(cluster([endpoint(slow, version: "v1")]), retry: policy) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request("/")
        #expect(response.status == 504 && response.body == "upstream request timeout")
        #expect(gateway.log.lines().last?.contains("\" 504 UT,URX ") == true)
        await client.close()
        await gateway.stop()
        await slow.stop()
    }

    @Test func retryOn5xxReturnsLastAppResponse() async throws {
        let bad = try await startPod("bad", misbehaviour: Misbehaviour(errorRate: 1, errorStatus: 503))
        let policy = RetryPolicy(
            attempts: 2, perTryTimeoutMilliseconds: nil, retryOn: ["5xx"], retriableStatusCodes: [])
        let gateway = try await startGateway(
            FakeRouter { _, _ in forward(cluster([endpoint(bad, version: "v1")]), retry: policy) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request("/")
        #expect(response.status == 503)
        #expect(response.has("x-envoy-upstream-service-time"))
        #expect(response.body.contains("Service Temporarily Unavailable"))
        #expect(bad.appLog.lines().count == 3)
        #expect(gateway.log.lines().last?.contains("\" 503 URX via_upstream ") == true)
        await client.close()
        await gateway.stop()
        await bad.stop()
    }
}
