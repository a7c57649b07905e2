import Foundation
import MeshDataPlane
import MeshRouting
import NIOCore
import NIOPosix
import Testing

/// Hostile clients on real sockets, against both a pod server and the gateway.
@Suite(.timeLimit(.minutes(1))) struct BadTrafficTests {
    enum Target: CaseIterable { case pod, gateway }

    /// Starts the target; returns its port and a stop closure.
    private func start(_ target: Target, limits: HTTPServerLimits = .default) async throws -> (Int, () async -> Void) {
        let pod = try await startPod("p", limits: limits)
        switch target {
        case .pod:
            return (pod.port, { await pod.stop() })
        case .gateway:
            let c = cluster([endpoint(pod, version: "v1")])
            let gateway = try await startGateway(
                FakeRouter { request, _ in
                    switch request.path {
                    case "/a": return .local(LocalReply(status: 201, body: "a", details: "direct_response"))
                    case "/b": return .local(LocalReply(status: 202, body: "b", details: "direct_response"))
                    default: return forward(c)
                    }
                }, limits: limits)
            return (
                gateway.ports[0],
                {
                    await gateway.stop(); await pod.stop()
                }
            )
        }
    }

    private func stillServes(_ port: Int) async throws {
        let client = try await TestConnection.open(port: port)
        #expect(try await client.request("/").status == 200)
        await client.close()
    }

    @Test(arguments: Target.allCases) func malformedRequestLineIs400AndClose(_ target: Target) async throws {
        let (port, stop) = try await start(target)
        let client = try await TestConnection.open(port: port)
        try await client.send("GARBAGE\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("connection") == "close")
        _ = await client.readUntilClosed()
        #expect(client.eof)
        try await stillServes(port)
        await stop()
    }

    @Test(arguments: Target.allCases) func oversizedHeadersAre431(_ target: Target) async throws {
        let (port, stop) = try await start(target)
        let client = try await TestConnection.open(port: port)
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 70 * 1024))\r\n\r\n")
        #expect(try await client.readResponse().status == 431)
        _ = await client.readUntilClosed()
        try await stillServes(port)
        await stop()
    }

    @Test(arguments: Target.allCases) func longURIIs414(_ target: Target) async throws {
        let (port, stop) = try await start(target)
        let client = try await TestConnection.open(port: port)
        let response = try await client.request("/" + String(repeating: "u", count: 10_000))
        #expect(response.status == 414)
        _ = await client.readUntilClosed()
        try await stillServes(port)
        await stop()
    }

    @Test(arguments: Target.allCases) func slowHeadersTimeOut(_ target: Target) async throws {
        // 2 s, not less: the liveness check's own request must also beat the timeout while the
        // whole suite runs in parallel on two cores.
        let limits = HTTPServerLimits(headerTimeout: .seconds(2))
        let (port, stop) = try await start(target, limits: limits)
        let client = try await TestConnection.open(port: port)
        // On a loaded machine the timeout may pass before the partial header is even sent: a
        // send refused because the server already closed is the same timeout.
        try? await client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        let rest = await client.readUntilClosed()
        #expect(rest.isEmpty)
        try await stillServes(port)
        await stop()
    }

    @Test(arguments: Target.allCases) func halfClosedClientStillGetsItsAnswer(_ target: Target) async throws {
        let (port, stop) = try await start(target)
        let client = try await TestConnection.open(port: port)
        try await client.send(TestConnection.requestText("/"))
        try await client.shutdownOutput()
        #expect(try await client.readResponse().status == 200)
        _ = await client.readUntilClosed()
        #expect(client.eof)
        await stop()
    }

    @Test(arguments: Target.allCases) func abruptResetDoesNotHurtOthers(_ target: Target) async throws {
        let (port, stop) = try await start(target)
        let client = try await TestConnection.open(port: port)
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let provider = try #require(client.channel as? any SocketOptionProvider)
        try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        await client.close()  // RST
        try await stillServes(port)
        await stop()
    }

    @Test(arguments: ["GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"])
    func gatewayRequiresExactlyOneHost(_ text: String) async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send(text)
        let response = try await client.readResponse()
        #expect(response.status == 400)
        #expect(response.header("connection") == "close")
        _ = await client.readUntilClosed()
        try await stillServes(port)
        await stop()
    }

    @Test func gatewayPipelinedRequestsAnswerInOrder() async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send(
            TestConnection.requestText("/a") + TestConnection.requestText("/") + TestConnection.requestText("/b"))
        let statuses = [
            try await client.readResponse().status, try await client.readResponse().status,
            try await client.readResponse().status,
        ]
        #expect(statuses == [201, 200, 202])
        await client.close()
        await stop()
    }

    @Test func gatewayAnswersPipelinedRequestsBeforeTheMalformedOne() async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send(TestConnection.requestText("/a") + "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n")
        let first = try await client.readResponse()
        let second = try await client.readResponse()
        #expect(first.status == 201)
        #expect(second.status == 400)
        _ = await client.readUntilClosed()
        #expect(client.eof)
        await stop()
    }

    @Test func gatewayRefusesABodyOverTheLimitWith413() async throws {
        let (port, stop) = try await start(.gateway, limits: HTTPServerLimits(maxRequestBodyBytes: 1024))
        let client = try await TestConnection.open(port: port)
        // The request before it is answered; the oversized one gets Envoy's buffer-limit reply,
        // which survives the body the client keeps sending (no reset from unread input).
        let body = String(repeating: "b", count: 4096)
        try await client.send(
            TestConnection.requestText("/a") + "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" + body)
        #expect(try await client.readResponse().status == 201)
        let refused = try await client.readResponse()
        #expect(refused.status == 413)
        #expect(refused.body == "Payload Too Large")
        #expect(refused.header("connection") == "close")
        _ = await client.readUntilClosed()
        #expect(client.eof)
        try await stillServes(port)
        await stop()
    }

    @Test func gatewayAnswersExpectContinueItself() async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try await client.readResponse(bodyless: true)
        #expect(interim.status == 100)
        try await client.send("hello")
        let final = try await client.readResponse()
        #expect(final.status == 201)
        await client.close()
        await stop()
    }

    @Test func gatewayHeadGetsNoBodyFromALocalReply() async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send("HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n" + TestConnection.requestText("/b"))
        let head = try await client.readResponse(bodyless: true)
        let next = try await client.readResponse()
        #expect(head.status == 201)
        #expect(head.header("content-length") == "1")
        #expect(next.status == 202 && next.body == "b")
        await client.close()
        await stop()
    }

    @Test func gatewayRejectsHTTP10With426() async throws {
        let (port, stop) = try await start(.gateway)
        let client = try await TestConnection.open(port: port)
        try await client.send("GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        let response = try await client.readResponse()
        #expect(response.status == 426 && response.body.isEmpty)
        _ = await client.readUntilClosed()
        #expect(client.eof)
        await stop()
    }

    @Test func noGatewayServerMeansConnectionClosed() async throws {
        let gateway = try await IngressGateway.start(
            GatewayConfiguration(listeners: [GatewayListener(port: 0, routerPort: 9999)]),
            router: FakeRouter(ports: [8080]) { _, _ in .local(LocalReply(status: 200, details: "-")) }, group: group)
        let client = try await TestConnection.open(port: gateway.ports[0])
        let rest = await client.readUntilClosed()
        #expect(rest.isEmpty && client.eof)
        await gateway.stop()
    }
}
