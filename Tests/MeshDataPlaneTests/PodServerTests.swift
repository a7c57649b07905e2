import Foundation
import MeshDataPlane
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct PodServerTests {
    @Test func myappPageNamesVersionAndPod() async throws {
        let pod = try await startPod("myapp-v1-abc", image: "janakiramm/myapp:v1")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let response = try await client.request("/")
        #expect(response.status == 200)
        #expect(response.header("Server") == "nginx/1.22.1")
        #expect(response.header("Content-Type") == "text/html")
        #expect(response.body.contains("<h1>myapp v1</h1>"))
        #expect(response.body.contains("myapp-v1-abc"))
        #expect(response.has("ETag") && response.has("Last-Modified") && response.has("Date"))
        #expect(Int(response.header("Content-Length") ?? "") == response.body.utf8.count)
        let missing = try await client.request("/nope")
        #expect(missing.status == 404)
        #expect(missing.body.contains("<center>nginx/1.22.1</center>"))
        await client.close()
    }

    @Test func helloworldAnswersEveryPath() async throws {
        let pod = try await startPod("helloworld-v2-xyz", version: "v2")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        for path in ["/", "/hello", "/any/thing?x=1"] {
            let response = try await client.request(path)
            #expect(response.status == 200)
            #expect(response.body == "Hello version: v2, instance: helloworld-v2-xyz\n")
        }
        await client.close()
    }

    @Test func conditionalRequestsGive304() async throws {
        let pod = try await startPod("p", image: "janakiramm/myapp:v2")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let first = try await client.request("/")
        let etag = try #require(first.header("ETag"))
        let modified = try #require(first.header("Last-Modified"))
        let byTag = try await client.request("/", headers: [("If-None-Match", etag)])
        #expect(byTag.status == 304)
        #expect(byTag.body.isEmpty)
        let byDate = try await client.request("/", headers: [("If-Modified-Since", modified)])
        #expect(byDate.status == 304)
        let stale = try await client.request("/", headers: [("If-None-Match", "\"other\"")])
        #expect(stale.status == 200)
        await client.close()
    }

    @Test func methodsHeadAnd405() async throws {
        let pod = try await startPod("p", image: "janakiramm/myapp:v1")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let head = try await client.request("/", method: "HEAD")
        #expect(head.status == 200)
        #expect(Int(head.header("Content-Length") ?? "0")! > 0)
        #expect(head.body.isEmpty)
        // The next response on the same connection must not be polluted by a HEAD body.
        let post = try await client.request("/", method: "POST", body: "x=1")
        // nginx's static module: its own wording, and no Allow header.
        #expect(post.status == 405 && !post.has("Allow"))
        #expect(post.body.contains("<title>405 Not Allowed</title>"))
        let get = try await client.request("/")
        #expect(get.status == 200)
        await client.close()
    }

    @Test("One byte range is 206 with Content-Range, past the end is 416, a stale If-Range is the whole body")
    func byteRanges() async throws {
        let pod = try await startPod("p", image: "example/web:v1")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let whole = try await client.request("/")
        let length = whole.body.utf8.count
        let first = try await client.request("/", headers: [("Range", "bytes=0-4")])
        #expect(first.status == 206 && first.body == String(whole.body.prefix(5)))
        #expect(first.header("Content-Range") == "bytes 0-4/\(length)" && first.header("Content-Length") == "5")
        let tail = try await client.request("/", headers: [("Range", "bytes=-3")])
        #expect(tail.status == 206 && tail.body == String(whole.body.suffix(3)))
        let past = try await client.request("/", headers: [("Range", "bytes=\(length)-")])
        #expect(past.status == 416 && past.header("Content-Range") == "bytes */\(length)")
        let stale = try await client.request("/", headers: [("Range", "bytes=0-4"), ("If-Range", "\"other\"")])
        #expect(stale.status == 200 && stale.body == whole.body)
        let current = try #require(whole.header("ETag"))
        #expect(try await client.request("/", headers: [("Range", "bytes=1-"), ("If-Range", current)]).status == 206)
        await client.close()
    }

    @Test func keepAliveAndPipeliningInOrder() async throws {
        let pod = try await startPod("p", image: "janakiramm/myapp:v1")
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let batch =
            TestConnection.requestText("/") + TestConnection.requestText("/missing")
            + TestConnection.requestText("/index.html", method: "HEAD") + TestConnection.requestText("/")
        try await client.send(batch)
        let statuses = [
            try await client.readResponse().status, try await client.readResponse().status,
            try await client.readResponse(bodyless: true).status, try await client.readResponse().status,
        ]
        #expect(statuses == [200, 404, 200, 200])
        await client.close()
    }

    @Test func staticDirectoryAndTraversal() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("meshsim-dp-\(UUID().uuidString)")
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try "<p>home</p>".write(to: site.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try "{}".write(to: site.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        try "docs".write(to: site.appendingPathComponent("docs/index.html"), atomically: true, encoding: .utf8)
        try "secret".write(to: root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: site.appendingPathComponent("escape.txt"), withDestinationURL: root.appendingPathComponent("secret.txt")
        )
        defer { try? FileManager.default.removeItem(at: root) }
        let pod = try await startPod("static", directory: site.path)
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let index = try await client.request("/")
        #expect(index.status == 200 && index.body == "<p>home</p>")
        let json = try await client.request("/data.json")
        #expect(json.header("Content-Type") == "application/json")
        let docs = try await client.request("/docs/")
        #expect(docs.body == "docs")
        let redirect = try await client.request("/docs")
        #expect(redirect.status == 301 && redirect.header("Location") == "/docs/")
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/docs/..%2f..%2fsecret.txt", "/%2E%2E%2Fsecret.txt"] {
            let response = try await client.request(path)
            #expect(response.status == 400, "\(path)")
            #expect(!response.body.contains("secret"))
        }
        let symlink = try await client.request("/escape.txt")
        #expect(symlink.status == 404)
        let inside = try await client.request("/docs/../data.json")
        #expect(inside.status == 200)
        await client.close()
    }

    @Test func accessLogAndFollow() async throws {
        let pod = try await startPod("p", image: "janakiramm/myapp:v1")
        defer { Task { await pod.stop() } }
        let stream = pod.appLog.follow(includeExisting: false)
        let client = try await TestConnection.open(port: pod.port)
        _ = try await client.request("/", headers: [("X-Custom", "yes")])
        var iterator = stream.makeAsyncIterator()
        let followed = await iterator.next()
        let line = try #require(pod.logs(container: "app")?.lines().last)
        #expect(followed == line)
        #expect(line.hasPrefix("127.0.0.1 - - ["))
        #expect(line.contains("\"GET / HTTP/1.1\" 200 "))
        #expect(line.contains("\"meshsim-test/1.0\""))
        #expect(loggedHeaders(line)["x-custom"] == "yes")
        #expect(pod.logs(container: "istio-proxy") == nil)
        await client.close()
    }

    @Test func misbehaviourKnobs() async throws {
        let pod = try await startPod("p", misbehaviour: Misbehaviour(errorRate: 0.5, errorStatus: 503))
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        var codes: [Int: Int] = [:]
        for _ in 0..<200 { codes[try await client.request("/").status, default: 0] += 1 }
        #expect(Set(codes.keys) == [200, 503])
        #expect((60...140).contains(codes[503] ?? 0))
        pod.setMisbehaviour(Misbehaviour(addedLatency: .milliseconds(5), errorRate: 1, errorStatus: 500))
        #expect(try await client.request("/").status == 500)
        pod.setMisbehaviour(.none)
        #expect(try await client.request("/").status == 200)
        await client.close()
    }

    @Test("A port the app does not serve is refused by the sidecar itself: 503 UF,URX, the app sees nothing")
    func sidecarRefusesAPortNothingListensOn() async throws {
        let pod = try await startPod("myapp-v1-u", sidecar: true)
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let refused = try await client.request(
            "/", headers: [("x-envoy-original-dst-host", "10.244.0.9:7777"), ("x-request-id", "r-1")])
        #expect(refused.status == 503 && refused.header("server") == "istio-envoy")
        #expect(
            refused.body
                == "upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111"
        )
        #expect(!refused.has("x-envoy-upstream-service-time"))
        let line = try #require(pod.logs(container: "istio-proxy")?.lines().last)
        #expect(
            line.contains(
                "\" 503 UF,URX upstream_reset_before_response_started{connection_failure} - \"delayed_connect_error:_111\""
            ))
        #expect(line.contains("\"127.0.0.1:7777\" inbound|7777|| - 127.0.0.1:7777 "))  // the test pod's IP
        #expect(pod.appLog.lines().isEmpty)
        let text = try #require(pod.sidecar?.metrics.prometheusText())
        #expect(text.contains("response_code=\"503\",grpc_response_status=\"\",response_flags=\"UF,URX\""))
        // The app's own port still reaches it, and the header never does.
        let served = try await client.request("/", headers: [("x-envoy-original-dst-host", "10.244.0.9:80")])
        #expect(served.status == 200)
        #expect(loggedHeaders(try #require(pod.appLog.lines().last))["x-envoy-original-dst-host"] == nil)
        await client.close()
    }

    @Test func injectedPodRunsSidecar() async throws {
        let pod = try await startPod("myapp-v1-s", sidecar: true)
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        let response = try await client.request(
            "/hello", headers: [("x-envoy-peer-metadata-id", "istio-ingressgateway.istio-system")])
        #expect(response.status == 200)
        #expect(response.header("server") == "istio-envoy")
        #expect(response.has("x-envoy-upstream-service-time"))
        let proxyLine = try #require(pod.logs(container: "istio-proxy")?.lines().last)
        #expect(proxyLine.contains("\"GET /hello HTTP/1.1\" 200 - via_upstream"))
        #expect(proxyLine.contains("inbound|80||"))
        let appLine = try #require(pod.appLog.lines().last)
        #expect(loggedHeaders(appLine)["x-request-id"]?.count == 36)
        #expect(loggedHeaders(appLine)["x-envoy-peer-metadata-id"] == nil)
        let text = try #require(pod.sidecar?.metrics.prometheusText())
        #expect(text.contains("reporter=\"destination\",source_workload=\"istio-ingressgateway\""))
        #expect(text.contains("destination_version=\"v1\""))
        // The gateway, a mesh peer, comes in over auto mTLS: both identities are known.
        #expect(text.contains("connection_security_policy=\"mutual_tls\""))
        #expect(
            text.contains(
                "source_principal=\"spiffe://cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account\""))
        #expect(text.contains("destination_principal=\"spiffe://cluster.local/ns/default/sa/default\""))
        // A client outside the mesh talks plain text.
        #expect(try await client.request("/plain").status == 200)
        let plain = try #require(pod.sidecar?.metrics.prometheusText())
        #expect(plain.contains("source_principal=\"unknown\"") && plain.contains("source_cluster=\"unknown\""))
        #expect(plain.contains("connection_security_policy=\"none\""))
        await client.close()
    }

    /// The sidecar refuses what it cannot parse before the app sees it, and says so as Envoy does.
    @Test func injectedPodLogsARefusedRequestInTheSidecarOnly() async throws {
        let pod = try await startPod("myapp-v1-r", sidecar: true)
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        try await client.send("GARBAGE\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 400 && response.header("server") == "istio-envoy")
        let proxyLine = try #require(pod.logs(container: "istio-proxy")?.lines().last)
        #expect(proxyLine.contains("] \"- - HTTP/1.1\" 400 DPE http1.codec_error - \"-\" 0 0 0 - "), "\(proxyLine)")
        #expect(pod.appLog.lines().isEmpty, "the app never saw the request")
        let text = try #require(pod.sidecar?.metrics.prometheusText())
        #expect(text.contains("response_code=\"400\",grpc_response_status=\"\",response_flags=\"DPE\""), "\(text)")
        await client.close()
    }

    /// A client that leaves in the middle of its head was not refused: nothing is logged or counted.
    @Test func aClientLeavingMidHeadIsNotARefusal() async throws {
        let pod = try await startPod("myapp-v1-q", sidecar: true)
        defer { Task { await pod.stop() } }
        let client = try await TestConnection.open(port: pod.port)
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        try await client.shutdownOutput()
        _ = await client.readUntilClosed()
        #expect(pod.logs(container: "istio-proxy")?.lines().isEmpty == true)
        #expect(pod.sidecar?.metrics.prometheusText().contains("DPE") == false)
        await client.close()
    }
}
