import NIOCore
import Testing

@testable import MeshDataPlane

/// The upstream response parser as a pure function: bytes in, response and forwarded lines out.
@Suite(.timeLimit(.minutes(1))) struct UpstreamResponseParserTests {
    private func parse(_ text: String) -> (UpstreamResponse, keepAlive: Bool)? {
        var parser = UpstreamResponseParser()
        var buffer = ByteBuffer(string: text)
        guard case .response(let response, let keepAlive) = parser.parse(&buffer) else { return nil }
        return (response, keepAlive)
    }

    @Test func everyHopByHopHeaderIsDropped() throws {
        // Holds the parser's own list of dropped names to the one the request side uses.
        var text = "HTTP/1.1 200 OK\r\nX-Kept: 1\r\n"
        for name in HTTPBytes.hopByHop where "\(name)" != "transfer-encoding" { text += "\(name): x\r\n" }
        text += "Server: nginx\r\nContent-Length: 2\r\n\r\nok"
        let (response, _) = try #require(parse(text))
        let forwarded = String(buffer: response.forwardedHeaders)
        #expect(forwarded == "x-kept: 1\r\n")
        #expect(response.contentLength == 2 && String(buffer: response.body) == "ok")
    }

    @Test func shortestLinesAndBareLineFeedsFitTheReservation() throws {
        // Each forwarded line may grow by two bytes (`: ` for `:`, CRLF for LF); the shortest
        // lines grow the most. (The head itself must end in CRLF CRLF to be found.)
        let (response, keepAlive) = try #require(parse("HTTP/1.1 204 No Content\na:\nb:x\nc: \nDate: d\r\n\r\n"))
        #expect(response.status == 204 && keepAlive)
        #expect(String(buffer: response.forwardedHeaders) == "a: \r\nb: x\r\nc: \r\ndate: d\r\n")
        #expect(response.hasDate)
    }
}
