import Foundation
import NIOCore
import NIOHTTP1

/// A request as the API handlers see it: method, path, query and the whole body.
public struct APIRequest: Sendable {
    public var method: HTTPMethod
    /// Path without the query string, percent-decoding left to the router.
    public var path: String
    /// Query parameters (last value wins, as Kubernetes reads single-valued options).
    public var query: [String: String]
    public var headers: HTTPHeaders
    public var body: ByteBuffer?

    /// Parses the request target into path and query.
    public init(method: HTTPMethod, uri: String, headers: HTTPHeaders, body: ByteBuffer?) {
        self.method = method
        self.headers = headers
        self.body = body
        if let mark = uri.firstIndex(of: "?") {
            path = String(uri[..<mark])
            var query: [String: String] = [:]
            for pair in uri[uri.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let key = parts[0].removingPercentEncodingSafe
                query[key] =
                    parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncodingSafe : ""
            }
            self.query = query
        } else {
            path = uri
            query = [:]
        }
    }

    /// The body as bytes.
    public var bodyBytes: [UInt8] { body.map { Array($0.readableBytesView) } ?? [] }
}

/// What a handler answers: a whole body, or a stream of chunks (watches, `logs -f`).
public enum APIResponse: Sendable {
    case full(status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8])
    case stream(status: HTTPResponseStatus, headers: HTTPHeaders, chunks: AsyncStream<[UInt8]>)

    /// A JSON reply.
    public static func json(_ status: HTTPResponseStatus = .ok, _ bytes: [UInt8]) -> APIResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        return .full(status: status, headers: headers, body: bytes)
    }

    /// A plain-text reply.
    public static func text(_ status: HTTPResponseStatus = .ok, _ text: String) -> APIResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        return .full(status: status, headers: headers, body: Array(text.utf8))
    }
}

extension String {
    /// Percent-decoded text, or the text itself when it is not valid percent-encoding.
    var removingPercentEncodingSafe: String { removingPercentEncoding ?? self }
}
