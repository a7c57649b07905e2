import Foundation
import NIOCore
import NIOPosix

/// A parsed HTTP/1.1 response as the tests read it off the wire.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
    func has(_ name: String) -> Bool { header(name) != nil }
}

enum TestClientError: Error { case closed, malformed }

/// Forwards received bytes (and EOF) into an AsyncStream.
final class StreamingHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    let continuation: AsyncStream<ByteBuffer>.Continuation

    init(continuation: AsyncStream<ByteBuffer>.Continuation) { self.continuation = continuation }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { continuation.yield(unwrapInboundIn(data)) }
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { continuation.finish() }
    }
    func channelInactive(context: ChannelHandlerContext) { continuation.finish() }
    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// A raw-bytes client over NIO: send anything (malformed, pipelined, partial), parse
/// responses by Content-Length.
final class TestConnection {
    let channel: any Channel
    private var iterator: AsyncStream<ByteBuffer>.AsyncIterator
    private var buffer: [UInt8] = []
    private(set) var eof = false

    private init(channel: any Channel, stream: AsyncStream<ByteBuffer>) {
        self.channel = channel
        self.iterator = stream.makeAsyncIterator()
    }

    static func open(port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws
        -> TestConnection
    {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StreamingHandler(continuation: continuation))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestConnection(channel: channel, stream: stream)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Half-closes our side (the server sees EOF on input).
    func shutdownOutput() async throws {
        try await channel.close(mode: .output)
    }

    func close() async {
        try? await channel.close()
    }

    /// Sends one HTTP/1.1 request and reads its response.
    func request(
        _ path: String, method: String = "GET", host: String = "example.com", headers: [(String, String)] = [],
        body: String = ""
    ) async throws -> TestResponse {
        try await send(Self.requestText(path, method: method, host: host, headers: headers, body: body))
        return try await readResponse(bodyless: method == "HEAD")
    }

    static func requestText(
        _ path: String, method: String = "GET", host: String = "example.com", headers: [(String, String)] = [],
        body: String = ""
    ) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: meshsim-test/1.0\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty { text += "Content-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + body
    }

    private func fill() async -> Bool {
        guard !eof else { return false }
        if let chunk = await iterator.next() {
            buffer.append(contentsOf: chunk.readableBytesView)
            return true
        }
        eof = true
        return false
    }

    /// Reads one response (headers, then Content-Length bytes unless `bodyless`).
    func readResponse(bodyless: Bool = false) async throws -> TestResponse {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if buffer.count >= 4 {
                for index in 0...(buffer.count - 4) where Array(buffer[index..<index + 4]) == separator {
                    headEnd = index
                    break
                }
            }
            if headEnd == nil, await !fill() { throw TestClientError.closed }
        }
        let headText = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformed }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
        var response = TestResponse(status: status, headers: headers, body: "")
        let length = bodyless || status == 304 ? 0 : Int(response.header("content-length") ?? "0") ?? 0
        while buffer.count < length {
            if await !fill() { throw TestClientError.closed }
        }
        response.body = String(decoding: buffer[0..<length], as: UTF8.self)
        buffer.removeFirst(length)
        return response
    }

    /// Waits until the server closes the connection; returns whatever else arrived.
    func readUntilClosed() async -> String {
        while await fill() {}
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }
}
