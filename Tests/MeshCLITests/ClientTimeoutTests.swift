import Foundation
import MeshAPI
import NIOCore
import Testing

/// The CLI's clients give up on a peer that accepts a connection and never answers.
@Suite("Client timeouts", .timeLimit(.minutes(1)))
struct ClientTimeoutTests {
    /// A 127.0.0.1 socket that listens and never accepts: the kernel completes connections into
    /// its backlog, so a request is sent and nothing ever answers it.
    final class SilentListener {
        let fd: Int32
        let port: Int

        init() throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = self.fd
            let listening = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(fd, raw, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, raw, &length) == 0
                }
            }
            guard fd >= 0, listening else { throw POSIXError(.EADDRNOTAVAIL) }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        deinit { close(fd) }
    }

    @Test func theAPIClientGivesUpOnASilentDaemon() async throws {
        let listener = try SilentListener()
        await #expect(throws: APIClient.TimedOut.self) {
            try await APIClient(port: listener.port).send(.GET, "/healthz", timeout: .milliseconds(200))
        }
    }

    @Test func theTrafficClientGivesUpOnASilentGatewayAndClosesTheConnection() async throws {
        let listener = try SilentListener()
        let client = try await KeepAliveClient.connect(port: listener.port)
        await #expect(throws: KeepAliveClient.TimedOut.self) {
            try await client.get("/", timeout: .milliseconds(200))
        }
        // A late answer could not be told from the next request's: the connection is gone.
        await #expect(throws: ChannelError.ioOnClosedChannel) { try await client.get("/", timeout: .seconds(30)) }
        await client.close()
    }
}
