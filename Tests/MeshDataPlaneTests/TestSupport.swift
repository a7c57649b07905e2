import Foundation
import MeshCore
import MeshDataPlane
import MeshRouting
import MeshTesting
import NIOCore
import NIOPosix
import Synchronization

let group = MultiThreadedEventLoopGroup.singleton

/// A router that answers from a closure given the request and 64 random bits.
struct FakeRouter: RequestRouter {
    let listenerPorts: Set<Int>?
    let body: @Sendable (RoutingRequest, UInt64) -> RouteDecision

    init(ports: Set<Int>? = nil, _ body: @escaping @Sendable (RoutingRequest, UInt64) -> RouteDecision) {
        self.listenerPorts = ports
        self.body = body
    }

    func decide(_ request: RoutingRequest, random: inout some RandomNumberGenerator) -> RouteDecision {
        body(request, random.next())
    }

    func hasListener(port: Int) -> Bool { listenerPorts?.contains(port) ?? true }
}

func destination(_ name: String = "myapp", subset: String? = nil) -> DestinationInfo {
    let host = "\(name).default.svc.cluster.local"
    return DestinationInfo(
        serviceHost: host, serviceName: name, serviceNamespace: "default", subset: subset,
        clusterName: "outbound|80|\(subset ?? "")|\(host)")
}

func endpoint(_ server: PodServer, version: String, ip: String = "10.244.0.7") -> UpstreamEndpoint {
    UpstreamEndpoint(
        address: ip, port: 80, localPort: server.port, podName: server.configuration.podName, namespace: "default",
        workload: "myapp-\(version)", labels: ["app": "myapp", "version": version])
}

func deadEndpoint(port: Int, ip: String = "10.244.0.99") -> UpstreamEndpoint {
    UpstreamEndpoint(
        address: ip, port: 80, localPort: port, podName: "dead", namespace: "default", workload: "myapp-dead",
        labels: ["app": "myapp", "version": "dead"])
}

func cluster(
    _ endpoints: [UpstreamEndpoint], name: String = "outbound|80||myapp.default.svc.cluster.local",
    lb: LoadBalancerPolicy = .roundRobin, pool: ConnectionPoolSettings? = nil, outlier: OutlierDetectionSettings? = nil
) -> UpstreamCluster {
    UpstreamCluster(name: name, endpoints: endpoints, loadBalancer: lb, connectionPool: pool, outlierDetection: outlier)
}

func forward(
    _ cluster: UpstreamCluster, path: String = "/", authority: String = "example.com", timeout: Int? = nil,
    retry: RetryPolicy = .istioDefault, configure: (inout ForwardAction) -> Void = { _ in }
) -> RouteDecision {
    var action = ForwardAction(
        routeName: "myapp.0", cluster: cluster, destination: destination(), path: path, authority: authority,
        timeoutMilliseconds: timeout, retryPolicy: retry)
    configure(&action)
    return .forward(action)
}

func startPod(
    _ name: String, version: String = "v1", image: String? = nil, directory: String? = nil,
    misbehaviour: Misbehaviour = .none, sidecar: Bool = false, limits: HTTPServerLimits = .default
) async throws -> PodServer {
    let content = PodContent.forImage(
        image ?? "docker.io/istio/examples-helloworld-\(version):1.0", version: version, podName: name,
        staticDirectory: directory)
    let sidecarConfiguration =
        sidecar
        ? SidecarConfiguration(
            identity: ProxyIdentity(
                workload: "myapp-\(version)", namespace: "default", labels: ["app": "myapp", "version": version]),
            containerPort: 80, servingPorts: [80])
        : nil
    let server = try await PodServer.start(
        PodServerConfiguration(
            podName: name, content: content, misbehaviour: misbehaviour, seed: 7, sidecar: sidecarConfiguration,
            limits: limits),
        group: group)
    // What istiod's push tells the sidecar in the daemon (see GatewayPublisher).
    server.sidecar?.setInboundServices(["myapp.default.svc.cluster.local"])
    return server
}

func startGateway(_ router: any RequestRouter, limits: HTTPServerLimits = .default) async throws -> IngressGateway {
    try await IngressGateway.start(
        GatewayConfiguration(listeners: [GatewayListener(port: 0)], seed: 1234, limits: limits), router: router,
        group: group)
}

/// A port on which nothing listens, so connecting is refused. The port stays bound (a TCP
/// socket that never calls listen) for the rest of the test process: a port that was merely
/// closed could be handed to another test's server by the next bind to port 0.
func closedPort() async throws -> Int {
    let socket = try LoopbackSocket(listening: false)
    keptSockets.withLock { $0.append(socket) }
    return socket.port
}

/// The sockets `closedPort()` keeps bound until the test process ends.
private let keptSockets = Mutex<[LoopbackSocket]>([])

/// The request headers a pod logged for its last request (from the access line).
func loggedHeaders(_ line: String) -> [String: String] {
    guard let range = line.range(of: " headers: ") else { return [:] }
    var result: [String: String] = [:]
    for pair in line[range.upperBound...].components(separatedBy: "; ") {
        guard let equals = pair.firstIndex(of: "=") else { continue }
        result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    return result
}
