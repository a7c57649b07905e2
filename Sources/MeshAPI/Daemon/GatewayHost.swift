import MeshDataPlane
import NIOConcurrencyHelpers
import NIOCore

/// The ingress gateway's local listener, which exists while an ingress gateway pod runs: opened
/// when the first one starts (at `meshsim up`, or after `meshsim istio install` on a cluster made
/// with `--no-istio`) and closed by `meshsim istio uninstall`.
///
/// Why a host: the gateway's router and access log live as long as the daemon; only the socket
/// comes and goes, and whoever shows the gateway's address (daemon.json, routes) is told.
public actor GatewayHost {
    /// The gateway (router, log, metrics); it has a listener only while `port` is set.
    public nonisolated let gateway: IngressGateway
    private let requestedPort: Int
    private let openPort = NIOLockedValueBox<Int?>(nil)
    private var observers: [@Sendable (Int?) async -> Void] = []
    private var opening: Task<Int, any Error>?

    /// The Envoy listener port modern Istio's gateway uses behind Service port 80.
    public static let routerPort = 8080

    /// A host with no listener yet; `requestedPort` 0 picks a free port when it opens.
    public init(requestedPort: Int, seed: UInt64, group: any EventLoopGroup) async throws {
        gateway = try await IngressGateway.start(
            GatewayConfiguration(listeners: [], seed: seed), router: EmptyRouter(), group: group)
        self.requestedPort = requestedPort
    }

    /// The local port while the listener is open.
    public nonisolated var port: Int? { openPort.withLockedValue { $0 } }

    /// `["80": port]` while open (what daemon.json calls the gateway ports).
    public nonisolated var gatewayPorts: [String: Int] { port.map { ["80": $0] } ?? [:] }

    /// Calls `observer` with the new port (nil when closed) after every open and close.
    public func onChange(_ observer: @escaping @Sendable (Int?) async -> Void) { observers.append(observer) }

    /// Opens the listener unless it is open; returns its port.
    @discardableResult
    public func open() async throws -> Int {
        if let port { return port }
        // Why one task: kubelet pod workers run concurrently and the actor is re-entered while the
        // socket binds; a second gateway pod must wait for the first bind, not bind again.
        if let opening { return try await opening.value }
        let gateway = gateway
        let listener = GatewayListener(port: requestedPort, routerPort: Self.routerPort)
        let task = Task { try await gateway.addListener(listener) }
        opening = task
        defer { opening = nil }
        let port = try await task.value
        openPort.withLockedValue { $0 = port }
        for observer in observers { await observer(port) }
        return port
    }

    /// Closes the listener (Istio uninstalled).
    public func close() async {
        guard port != nil else { return }
        await gateway.stop()
        openPort.withLockedValue { $0 = nil }
        for observer in observers { await observer(nil) }
    }
}
