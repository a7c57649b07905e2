import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Maps request paths onto a content root the way nginx's `root` does, without ever leaving
/// it: the path is percent-decoded, `.`/`..` segments are resolved (climbing above the root
/// is a 400, as in nginx), and the final file's real path (symlinks resolved) must still lie
/// inside the root's real path, else 404.
struct StaticFiles: Sendable {
    /// A file found for a request.
    struct File: Sendable {
        var bytes: [UInt8]
        var modified: Int
        var contentType: String
    }

    /// The outcome of a lookup.
    enum Lookup: Sendable {
        case file(File)
        /// A directory requested without its trailing slash: nginx answers 301 to `path/`.
        case redirect(String)
        case notFound
        case forbidden
        case badRequest
    }

    let root: String
    /// Recent lookups by path, like nginx's `open_file_cache`.
    private let cache = NIOLockedValueBox<[String: (lookup: Lookup, expires: UInt64)]>([:])
    /// Why 1 s: nginx revalidates cached file information after `open_file_cache_valid` (60 s by
    /// default); people edit the pages of a simulated pod and expect to see the change at once,
    /// so meshsim keeps a lookup for one second only.
    static let cacheValidity: UInt64 = 1_000_000_000
    /// Entries kept at most (nginx's `open_file_cache max=`); the cache is emptied when full.
    static let cacheCapacity = 256

    init(root: String) {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        if realpath(root, &buffer) != nil {
            self.root = Self.decodeCString(buffer)
        } else {
            self.root = root
        }
    }

    /// The file (or answer) for a request path, from the cache when looked up less than
    /// `cacheValidity` ago.
    func lookup(path rawPath: String) -> Lookup {
        let pathOnly =
            rawPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let now = WallClock.monotonicNanos()
        if let hit = cache.withLockedValue({ $0[pathOnly] }), hit.expires > now { return hit.lookup }
        let result = resolve(pathOnly)
        cache.withLockedValue { entries in
            if entries.count >= Self.cacheCapacity { entries.removeAll(keepingCapacity: true) }
            entries[pathOnly] = (result, now + Self.cacheValidity)
        }
        return result
    }

    private func resolve(_ pathOnly: String) -> Lookup {
        guard pathOnly.hasPrefix("/"), let decoded = Self.percentDecode(pathOnly), !decoded.contains("\0") else {
            return .badRequest
        }
        var segments: [Substring] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if segments.isEmpty { return .badRequest }
                segments.removeLast()
                continue
            }
            segments.append(segment)
        }
        let wantsDirectory = decoded.hasSuffix("/")
        var candidate = root + (segments.isEmpty ? "" : "/" + segments.joined(separator: "/"))
        guard let info = Self.fileInfo(candidate) else { return .notFound }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if !wantsDirectory && !segments.isEmpty { return .redirect(pathOnly + "/") }
            candidate += "/index.html"
        } else if wantsDirectory {
            return .notFound
        }
        guard let real = Self.realPath(candidate), real == root || real.hasPrefix(root + "/") else {
            return .notFound
        }
        guard let realInfo = Self.fileInfo(real), (realInfo.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        guard let bytes = Self.readFile(real) else { return .forbidden }
        return .file(File(bytes: bytes, modified: Int(realInfo.st_mtim.tv_sec), contentType: MimeTypes.type(for: real)))
    }

    private static func decodeCString(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func percentDecode(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) else {
                    return nil
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func fileInfo(_ path: String) -> stat? {
        var info = stat()
        return stat(path, &info) == 0 ? info : nil
    }

    private static func realPath(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard realpath(path, &buffer) != nil else { return nil }
        return Self.decodeCString(buffer)
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        let expected = fstat(fd, &info) == 0 ? max(Int(info.st_size), 0) : 0
        var result: [UInt8] = []
        result.reserveCapacity(expected)
        var chunk = [UInt8](repeating: 0, count: min(max(expected, 1), 64 * 1024) + 1)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 { return nil }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// nginx's `mime.types` subset, with `default_type application/octet-stream`.
enum MimeTypes {
    static let table: [String: String] = [
        "html": "text/html", "htm": "text/html", "shtml": "text/html", "css": "text/css", "xml": "text/xml",
        "gif": "image/gif", "jpeg": "image/jpeg", "jpg": "image/jpeg", "js": "application/javascript",
        "txt": "text/plain", "png": "image/png", "svg": "image/svg+xml", "svgz": "image/svg+xml",
        "ico": "image/x-icon", "webp": "image/webp", "json": "application/json", "pdf": "application/pdf",
        "wasm": "application/wasm", "woff": "font/woff", "woff2": "font/woff2", "zip": "application/zip",
        "mp4": "video/mp4", "mp3": "audio/mpeg", "md": "text/plain", "yaml": "text/plain", "yml": "text/plain",
    ]

    static func type(for path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return table[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}
