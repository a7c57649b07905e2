import NIOCore
import NIOHTTP1
import Testing

@testable import MeshDataPlane

/// The gateway's own HTTP/1.1 request parser as a pure function: bytes in, requests or a
/// rejection out. The rejections are the request-smuggling shapes RFC 9112 forbids.
@Suite(.timeLimit(.minutes(1))) struct GatewayRequestParserTests {
    private func parse(_ text: String, maxHeaderBytes: Int = 60 * 1024) -> [GatewayRequestParser.Event] {
        var parser = GatewayRequestParser(maxHeaderBytes: maxHeaderBytes)
        var buffer = ByteBuffer(string: text)
        var events: [GatewayRequestParser.Event] = []
        while true {
            let event = parser.parse(&buffer)
            events.append(event)
            guard case .request = event, buffer.readableBytes > 0 else { return events }
        }
    }

    private func status(_ text: String) -> Int? {
        guard case .invalid(let rejection) = parse(text).last else { return nil }
        return Int(rejection.status.code)
    }

    @Test func simpleGetWithHeaders() throws {
        let events = parse("GET /a?b=1 HTTP/1.1\r\nHost: example.com\r\nX-Test:  padded \t\r\n\r\n")
        guard case .request(let head, let body) = events.first else {
            Issue.record("no request: \(events)")
            return
        }
        #expect(head.method == "GET")
        #expect(head.uri == "/a?b=1")
        #expect(head.minorVersion == 1 && head.isKeepAlive)
        #expect(head.first("host") == "example.com")
        #expect(head.first("x-test") == "padded")
        // Names are lower-cased as Envoy's codec does.
        #expect(head.headers.map(\.name) == ["host", "x-test"])
        #expect(body == nil)
    }

    @Test func pipelinedRequestsWithBodies() {
        let text =
            "\r\nPOST /one HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n"
            + "GET /three HTTP/1.1\r\nHost: x\r\n\r\n"
        let requests = parse(text).compactMap { event -> (String, String?)? in
            guard case .request(let head, let body) = event else { return nil }
            return (head.uri, body.map { String(buffer: $0) })
        }
        #expect(requests.map(\.0) == ["/one", "/two", "/three"])
        #expect(requests.map(\.1) == ["hello", "abcde", nil])
    }

    @Test func incompleteInputWaits() {
        var parser = GatewayRequestParser(maxHeaderBytes: 1024)
        var buffer = ByteBuffer(string: "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab")
        guard case .needMore = parser.parse(&buffer) else {
            Issue.record("expected needMore")
            return
        }
        #expect(parser.isMidRequest)
        buffer.writeString("cd")
        guard case .request(_, let body) = parser.parse(&buffer) else {
            Issue.record("expected the request")
            return
        }
        #expect(body.map { String(buffer: $0) } == "abcd")
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
        "G(T / HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\n: novalue\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\u{1}b\r\n\r\n",
        "GET / HTTP/1.1\nHost: x\r\n\r\n",
        // Heads that never end in CRLF CRLF are refused at once, not at the size limit or timeout.
        "GET / HTTP/1.1\nHost: x\n\n",
        "GET / HTTP/1.1\r\nHost: x\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5 junk\r\nhello\r\n0\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
    ])
    func malformedIs400(_ text: String) {
        #expect(status(text) == 400)
    }

    @Test(arguments: [
        "gzip", "gzip, chunked", "chunked, chunked", "identity",
    ])
    func unknownTransferCodingIs501(_ coding: String) {
        #expect(status("POST / HTTP/1.1\r\nTransfer-Encoding: \(coding)\r\n\r\n0\r\n\r\n") == 501)
    }

    @Test func chunkExtensionsAfterWhitespaceAreAccepted() {
        let text = "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n5 ;name=v\r\nhello\r\n0\r\n\r\n"
        guard case .request(_, let body) = parse(text).first else {
            Issue.record("expected a request")
            return
        }
        #expect(body.map { String(buffer: $0) } == "hello")
    }

    @Test func repeatedEqualContentLengthsAreAccepted() {
        guard
            case .request(_, let body) = parse("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")
                .first
        else {
            Issue.record("expected a request")
            return
        }
        #expect(body.map { String(buffer: $0) } == "ok")
    }

    @Test func oversizedHeaderBlockIs431() {
        let big = "GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n"
        #expect(status(big) == nil)  // within the default 60 KiB
        var parser = GatewayRequestParser(maxHeaderBytes: 1024)
        var complete = ByteBuffer(string: big)
        guard case .invalid(let completeStatus) = parser.parse(&complete) else {
            Issue.record("expected 431 for a complete head")
            return
        }
        #expect(completeStatus.status == .requestHeaderFieldsTooLarge)
        #expect(completeStatus.details == "http1.headers_too_large" && completeStatus.flags == "DPE")
        var unfinished = ByteBuffer(string: String(big.dropLast(4)))
        var fresh = GatewayRequestParser(maxHeaderBytes: 1024)
        guard case .invalid(let unfinishedStatus) = fresh.parse(&unfinished) else {
            Issue.record("expected 431 before the head ends")
            return
        }
        #expect(unfinishedStatus.status == .requestHeaderFieldsTooLarge)
    }

    @Test func bodiesOverTheLimitAre413() {
        func parsed(_ text: String) -> GatewayRequestParser.Event {
            var parser = GatewayRequestParser(maxHeaderBytes: 1024, maxBodyBytes: 8)
            var buffer = ByteBuffer(string: text)
            return parser.parse(&buffer)
        }
        func status(_ event: GatewayRequestParser.Event) -> Int? {
            if case .invalid(let rejection) = event { return Int(rejection.status.code) }
            return nil
        }
        // A declared length is refused from the head alone, before the body or 100 Continue.
        let declared = parsed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n")
        #expect(status(declared) == 413)
        // Not a codec error: the head was whole, so the log can name it; no DPE flag.
        if case .invalid(let rejection) = declared {
            #expect(rejection.details == "request_payload_too_large" && rejection.flags == "-")
            #expect(rejection.head?.method == "POST")
        }
        // A chunked body is refused once what arrived is over the limit, ended or not.
        #expect(
            status(parsed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n4\r\nfghi\r\n")) == 413)
        // Exactly the limit passes, both ways.
        guard case .request(_, let fixed) = parsed("POST / HTTP/1.1\r\nContent-Length: 8\r\n\r\nabcdefgh") else {
            Issue.record("expected a request at the limit")
            return
        }
        #expect(fixed?.readableBytes == 8)
        let chunked = parsed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nabcdefgh\r\n0\r\n\r\n")
        guard case .request(_, let body) = chunked else {
            Issue.record("expected a chunked request at the limit")
            return
        }
        #expect(body?.readableBytes == 8)
    }

    @Test func moreThanAHundredHeadersIs431() {
        let fields = (0..<101).map { "X-\($0): v\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n") == 431)
        let fewer = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n\(fewer)\r\n") == nil)
    }

    @Test func expectContinueIsNotedUntilTheBodyArrives() {
        var parser = GatewayRequestParser(maxHeaderBytes: 1024)
        var buffer = ByteBuffer(string: "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n")
        guard case .needMore = parser.parse(&buffer) else {
            Issue.record("expected needMore")
            return
        }
        #expect(parser.wantsContinue)
        buffer.writeString("ok")
        guard case .request = parser.parse(&buffer) else {
            Issue.record("expected the request")
            return
        }
        #expect(!parser.wantsContinue)
    }

    @Test func http10IsParsed() {
        guard case .request(let head, _) = parse("GET / HTTP/1.0\r\n\r\n").first else {
            Issue.record("expected a request")
            return
        }
        #expect(head.minorVersion == 0)
        #expect(!head.isKeepAlive)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nConnection: keep-alive\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive, close\r\n\r\n", false),
    ])
    func keepAliveFollowsTheConnectionHeader(text: String, keepAlive: Bool) {
        guard case .request(let head, _) = parse(text).first else {
            Issue.record("expected a request")
            return
        }
        #expect(head.isKeepAlive == keepAlive)
    }

    @Test func headsArrivingByteByByte() {
        // A CRLF head split anywhere still parses; a bare-LF head is refused once its blank line is in.
        func feed(_ text: String) -> [GatewayRequestParser.Event] {
            var parser = GatewayRequestParser(maxHeaderBytes: 60 * 1024)
            var buffer = ByteBuffer()
            var events: [GatewayRequestParser.Event] = []
            for byte in text.utf8 {
                buffer.writeInteger(byte)
                let event = parser.parse(&buffer)
                if case .needMore = event { continue }
                events.append(event)
            }
            return events
        }
        let good = feed("GET /x HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n")
        guard good.count == 1, case .request(let head, _) = good[0] else {
            Issue.record("expected one request: \(good)")
            return
        }
        #expect(head.uri == "/x" && head.first("x") == "y")
        let bare = feed("GET /x HTTP/1.1\r\nHost: a\nX: y\n\n")
        guard bare.count == 1, case .invalid(let status) = bare[0] else {
            Issue.record("expected one rejection: \(bare)")
            return
        }
        #expect(status.status.code == 400)
        #expect(status.details == "http1.codec_error" && status.flags == "DPE" && status.head == nil)
    }
}
