import Foundation
import MeshAPI
import MeshTesting
import NIOCore
import Testing

/// The CLI's clients give up on a peer that never answers: a socket that listens and never
/// accepts, so the kernel completes the connection into its backlog and nothing reads it.
@Suite("Client timeouts", .timeLimit(.minutes(1)))
struct ClientTimeoutTests {
    @Test func theAPIClientGivesUpOnASilentDaemon() async throws {
        let listener = try LoopbackSocket(listening: true)
        await #expect(throws: APIClient.TimedOut.self) {
            try await APIClient(port: listener.port).send(.GET, "/healthz", timeout: .milliseconds(200))
        }
    }

    @Test func theTrafficClientGivesUpOnASilentGatewayAndClosesTheConnection() async throws {
        let listener = try LoopbackSocket(listening: true)
        let client = try await KeepAliveClient.connect(port: listener.port)
        await #expect(throws: KeepAliveClient.TimedOut.self) {
            try await client.get("/", timeout: .milliseconds(200))
        }
        // A late answer could not be told from the next request's: the connection is gone.
        await #expect(throws: ChannelError.ioOnClosedChannel) { try await client.get("/", timeout: .seconds(30)) }
        await client.close()
    }
}
