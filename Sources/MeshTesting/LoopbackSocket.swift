import Foundation

/// A TCP socket bound to 127.0.0.1 on a port the kernel picks, for tests that need a port with
/// a known behaviour: bound only (connecting is refused), or listening without ever accepting
/// (connections complete into the backlog and nothing answers). Closed when released.
public final class LoopbackSocket: Sendable {
    /// The socket's file descriptor.
    public let fd: Int32
    /// The port it is bound to.
    public let port: Int

    /// Binds a new socket to 127.0.0.1:0, and listens when `listening` is true.
    public init(listening: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && (!listening || listen(fd, 16) == 0)
                    && getsockname(fd, raw, &length) == 0
            }
        }
        guard ready else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
