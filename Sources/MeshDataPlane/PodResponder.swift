import NIOCore
import NIOHTTP1

/// A response the pod's application produced (before the connection-level headers).
struct PodResponse {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// Whether the body is sent (false for HEAD and 304, which still advertise the length).
    var sendBody = true
}

/// The application side of a pod: nginx-like static serving of in-memory pages or a folder.
/// Pure with respect to sockets, so the sidecar can call it in-process.
struct PodResponder: Sendable {
    private enum Source: Sendable {
        case page(body: ByteBuffer, contentType: String, paths: Set<String>?)
        case directory(StaticFiles)
    }

    private let source: Source
    private let startSecond: Int

    init(content: PodContent, startSecond: Int = Int(WallClock.now())) {
        self.startSecond = startSecond
        switch content {
        case .myapp(let version, let podName):
            source = .page(
                body: ByteBuffer(string: PodContent.myappPage(version: version, podName: podName)),
                contentType: "text/html", paths: ["/", "/index.html"])
        case .helloworld(let version, let podName):
            source = .page(
                body: ByteBuffer(string: PodContent.helloBody(version: version, podName: podName)),
                contentType: "text/plain", paths: nil)
        case .directory(let path):
            source = .directory(StaticFiles(root: path))
        }
    }

    func respond(method: HTTPMethod, uri: String, headers: HTTPHeaders) -> PodResponse {
        guard method == .GET || method == .HEAD else {
            // nginx's static module answers other methods with its own wording and no `Allow`.
            return Self.error(.custom(code: 405, reasonPhrase: "Not Allowed"))
        }
        var response: PodResponse
        switch source {
        case .page(let body, let contentType, let paths):
            let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if let paths, !paths.contains(String(path)) {
                response = Self.error(.notFound)
            } else {
                response = conditional(body: body, contentType: contentType, modified: startSecond, headers: headers)
            }
        case .directory(let files):
            switch files.lookup(path: uri) {
            case .file(let file):
                response = conditional(
                    body: ByteBuffer(bytes: file.bytes), contentType: file.contentType, modified: file.modified,
                    headers: headers)
            case .redirect(let location):
                response = Self.error(.movedPermanently)
                response.headers.add(name: "Location", value: location)
            case .notFound: response = Self.error(.notFound)
            case .forbidden: response = Self.error(.forbidden)
            case .badRequest: response = Self.error(.badRequest)
            }
        }
        if method == .HEAD { response.sendBody = false }
        return response
    }

    /// nginx's `ETag` (`"<mtime hex>-<size hex>"`), `Last-Modified`, and 304 handling:
    /// `If-None-Match` wins over `If-Modified-Since`, which matches exactly (`if_modified_since exact`).
    private func conditional(body: ByteBuffer, contentType: String, modified: Int, headers: HTTPHeaders) -> PodResponse
    {
        let etag = "\"\(String(modified, radix: 16))-\(String(body.readableBytes, radix: 16))\""
        let lastModified = WallClock.httpDate(epochSeconds: modified)
        var responseHeaders = HTTPHeaders()
        responseHeaders.add(name: "Content-Type", value: contentType)
        responseHeaders.add(name: "Content-Length", value: String(body.readableBytes))
        responseHeaders.add(name: "Last-Modified", value: lastModified)
        responseHeaders.add(name: "ETag", value: etag)
        responseHeaders.add(name: "Accept-Ranges", value: "bytes")
        var notModified = false
        if let inm = headers.first(name: "if-none-match") {
            notModified = inm.split(separator: ",").contains { tag in
                let trimmed = tag.trimmingSpaces
                return trimmed == "*" || trimmed == etag || trimmed == "W/" + etag
            }
        } else if let ims = headers.first(name: "if-modified-since"), WallClock.parseHTTPDate(ims) == modified {
            notModified = true
        }
        if notModified {
            var headers304 = HTTPHeaders()
            headers304.add(name: "Last-Modified", value: lastModified)
            headers304.add(name: "ETag", value: etag)
            return PodResponse(status: .notModified, headers: headers304, body: ByteBuffer(), sendBody: false)
        }
        // `If-Range` (an ETag or the Last-Modified date) keeps a range only while the body is the same.
        let rangeValid = headers.first(name: "if-range").map { $0 == etag || $0 == lastModified } ?? true
        switch rangeValid ? ByteRange.parse(headers.first(name: "range"), length: body.readableBytes) : .whole {
        case .whole:
            return PodResponse(status: .ok, headers: responseHeaders, body: body)
        case .partial(let range):
            responseHeaders.replaceOrAdd(name: "Content-Length", value: String(range.count))
            responseHeaders.add(
                name: "Content-Range", value: "bytes \(range.lowerBound)-\(range.upperBound)/\(body.readableBytes)")
            let part = body.getSlice(at: body.readerIndex + range.lowerBound, length: range.count) ?? body
            return PodResponse(status: .partialContent, headers: responseHeaders, body: part)
        case .unsatisfiable:
            var response = Self.error(.custom(code: 416, reasonPhrase: "Requested Range Not Satisfiable"))
            response.headers.add(name: "Content-Range", value: "bytes */\(body.readableBytes)")
            return response
        }
    }

    /// An nginx error page response.
    static func error(_ status: HTTPResponseStatus) -> PodResponse {
        let reason = status == .serviceUnavailable ? "Service Temporarily Unavailable" : status.reasonPhrase
        let body = ByteBuffer(string: NginxPages.errorPage(Int(status.code), reason))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        return PodResponse(status: status, headers: headers, body: body)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }

    /// The value of a run of ASCII digits and nothing else (no sign, no spaces); nil otherwise.
    var decimalValue: Int? {
        guard !isEmpty, allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(self)
    }
}
