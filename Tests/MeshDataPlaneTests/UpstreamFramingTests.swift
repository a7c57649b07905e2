import Foundation
import MeshDataPlane
import MeshRouting
import NIOCore
import NIOPosix
import Testing

/// An upstream that answers every request with fixed raw bytes (optionally closing after).
final class ScriptedUpstream: Sendable {
    let port: Int
    private let channel: any Channel

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let response: String
        let close: Bool
        var seen: [UInt8] = []
        init(response: String, close: Bool) {
            self.response = response
            self.close = close
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            seen.append(contentsOf: unwrapInboundIn(data).readableBytesView)
            guard String(decoding: seen, as: UTF8.self).contains("\r\n\r\n") else { return }
            seen.removeAll()
            let channel = context.channel
            let close = self.close
            context.writeAndFlush(NIOAny(ByteBuffer(string: response))).whenComplete { _ in
                if close { channel.close(promise: nil) }
            }
        }
    }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(_ response: String, closeAfter: Bool = false) async throws -> ScriptedUpstream {
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(response: response, close: closeAfter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedUpstream(port: channel.localAddress!.port!, channel: channel)
    }

    var endpoint: UpstreamEndpoint {
        UpstreamEndpoint(address: "10.244.1.1", port: 80, localPort: port, podName: "scripted", namespace: "default")
    }

    func stop() async { try? await channel.close() }
}

@Suite(.timeLimit(.minutes(1))) struct UpstreamFramingTests {
    private func through(_ upstream: ScriptedUpstream, requests: Int = 2, method: String = "GET") async throws
        -> [TestResponse]
    {
        let gateway = try await startGateway(FakeRouter { _, _ in forward(cluster([upstream.endpoint])) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        var responses: [TestResponse] = []
        for _ in 0..<requests { responses.append(try await client.request("/", method: method)) }
        await client.close()
        await gateway.stop()
        await upstream.stop()
        return responses
    }

    @Test func chunkedUpstreamBodyIsReassembled() async throws {
        let upstream = try await ScriptedUpstream.start(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-App: 1\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n"
        )
        let responses = try await through(upstream)
        for response in responses {
            #expect(response.status == 200 && response.body == "hello, world")
            #expect(response.header("content-length") == "12" && !response.has("transfer-encoding"))
            #expect(response.header("x-app") == "1")
        }
    }

    @Test func bodyUntilCloseAndInterimResponses() async throws {
        let upstream = try await ScriptedUpstream.start(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 201 Created\r\nServer: app\r\n\r\nno length", closeAfter: true)
        let responses = try await through(upstream)
        for response in responses {
            #expect(response.status == 201 && response.body == "no length")
            #expect(response.header("server") == "istio-envoy")
        }
    }

    @Test func headResponsesKeepAdvertisedLength() async throws {
        let upstream = try await ScriptedUpstream.start("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
        let responses = try await through(upstream, method: "HEAD")
        for response in responses {
            #expect(response.status == 200 && response.header("content-length") == "1234" && response.body.isEmpty)
        }
    }

    @Test func hopByHopHeadersStayOnTheirHop() async throws {
        let upstream = try await ScriptedUpstream.start(
            "HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Tue, 24 Nov 2026 19:40:00 GMT\r\nConnection: keep-alive\r\n"
                + "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nUpgrade: h2c\r\nTE: trailers\r\n"
                + "X-Upstream-Name: v1\r\nX-Envoy-Upstream-Service-Time: 7\r\nContent-Length: 2\r\n\r\nok")
        let responses = try await through(upstream)
        for response in responses {
            #expect(response.status == 200 && response.body == "ok")
            for name in ["keep-alive", "proxy-connection", "upgrade", "te", "connection"] {
                #expect(!response.has(name), "\(name) crossed the proxy")
            }
            #expect(response.header("server") == "istio-envoy")
            #expect(response.header("date") == "Tue, 24 Nov 2026 19:40:00 GMT")
            #expect(response.headers.filter { $0.name == "content-length" }.map(\.value) == ["2"])
            // An injected pod's sidecar sets it too; the gateway's own value replaces it.
            #expect(response.headers.filter { $0.name == "x-envoy-upstream-service-time" }.count == 1)
            // Envoy's HTTP/1 codec lower-cases names.
            #expect(response.headers.contains { $0.name == "x-upstream-name" && $0.value == "v1" })
        }
    }

    @Test func garbageFromUpstreamIsAProtocolError() async throws {
        // Envoy's codec rejects the response: 502, `UPE`, and no retry under Istio's default policy.
        let upstream = try await ScriptedUpstream.start("NOT HTTP AT ALL\r\n\r\n")
        let gateway = try await startGateway(FakeRouter { _, _ in forward(cluster([upstream.endpoint])) })
        let client = try await TestConnection.open(port: gateway.ports[0])
        let response = try await client.request("/")
        await client.close()
        let line = gateway.log.lines().last ?? ""
        await gateway.stop()
        await upstream.stop()
        #expect(response.status == 502)
        #expect(
            response.body == "upstream connect error or disconnect/reset before headers. reset reason: protocol error")
        #expect(line.contains("\" 502 UPE upstream_reset_before_response_started{protocol_error} "))
    }
}
