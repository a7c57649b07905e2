import MeshCore
import NIOCore

/// How a simulated container misbehaves, for stories (slow pods, flaky pods). Can be changed
/// while the server runs (`PodServer.setMisbehaviour`).
public struct Misbehaviour: Sendable, Hashable {
    /// Added before every response.
    public var addedLatency: TimeAmount
    /// Fraction (0...1) of requests answered with `errorStatus` instead of content.
    public var errorRate: Double
    /// Status of injected errors (nginx error page body).
    public var errorStatus: Int

    /// Creates knobs; the default behaves normally.
    public init(addedLatency: TimeAmount = .zero, errorRate: Double = 0, errorStatus: Int = 503) {
        self.addedLatency = addedLatency
        self.errorRate = errorRate
        self.errorStatus = errorStatus
    }

    /// No latency, no errors.
    public static let none = Misbehaviour()
}

/// An injected pod's sidecar (`istio-proxy`): identity for metrics and logs.
public struct SidecarConfiguration: Sendable, Hashable {
    /// The pod's workload (Deployment), namespace and labels (`app`, `version`).
    public var identity: ProxyIdentity
    /// The simulated pod IP (for log lines), e.g. `10.244.0.7`.
    public var podIP: String
    /// The container port the app listens on in the simulation (inbound cluster name).
    public var containerPort: Int
    /// Every pod port the app answers on (`Pod.servingPorts`); empty: any port.
    public var servingPorts: [Int]

    /// Creates a configuration.
    public init(
        identity: ProxyIdentity, podIP: String = "127.0.0.1", containerPort: Int = 80, servingPorts: [Int] = []
    ) {
        self.identity = identity
        self.podIP = podIP
        self.containerPort = containerPort
        self.servingPorts = servingPorts
    }
}

/// Everything needed to run one pod's server.
public struct PodServerConfiguration: Sendable {
    /// Pod name (shown in pages and logs).
    public var podName: String
    /// What the app container serves.
    public var content: PodContent
    /// Local port to bind on 127.0.0.1; 0 picks a free one (see `PodServer.port`).
    public var port: Int
    /// Initial misbehaviour.
    public var misbehaviour: Misbehaviour
    /// Seed of the generator deciding injected errors.
    public var seed: UInt64
    /// The sidecar, or nil for an uninjected pod (served directly).
    public var sidecar: SidecarConfiguration?
    /// Name of the app container (its log buffer key).
    public var containerName: String
    /// Hardening limits.
    public var limits: HTTPServerLimits
    /// Lines kept per container log.
    public var logCapacity: Int

    /// Creates a configuration.
    public init(
        podName: String, content: PodContent, port: Int = 0, misbehaviour: Misbehaviour = .none, seed: UInt64 = 1,
        sidecar: SidecarConfiguration? = nil, containerName: String = "app", limits: HTTPServerLimits = .default,
        logCapacity: Int = 10_000
    ) {
        self.podName = podName
        self.content = content
        self.port = port
        self.misbehaviour = misbehaviour
        self.seed = seed
        self.sidecar = sidecar
        self.containerName = containerName
        self.limits = limits
        self.logCapacity = logCapacity
    }
}

/// State the pod's connections share.
final class PodServerCore: Sendable {
    struct Knobs {
        var misbehaviour: Misbehaviour
        var random: SeededGenerator
    }

    let configuration: PodServerConfiguration
    let responder: PodResponder
    let appLog: LogBuffer
    let sidecar: SidecarProxy?
    let knobs: LockedBox<Knobs>

    init(configuration: PodServerConfiguration) {
        self.configuration = configuration
        self.responder = PodResponder(content: configuration.content)
        self.appLog = LogBuffer(capacity: configuration.logCapacity)
        self.sidecar = configuration.sidecar.map {
            SidecarProxy(configuration: $0, podName: configuration.podName, logCapacity: configuration.logCapacity)
        }
        self.knobs = LockedBox(
            Knobs(misbehaviour: configuration.misbehaviour, random: SeededGenerator(seed: configuration.seed)))
    }

    /// Decides this request's latency and whether it fails.
    func draw() -> (latency: TimeAmount, errorStatus: Int?) {
        knobs.withLockedValue { knobs in
            let bad = knobs.misbehaviour
            var status: Int?
            if bad.errorRate > 0 {
                let unit = Double(knobs.random.next() >> 11) / Double(1 << 53)
                if unit < bad.errorRate { status = bad.errorStatus }
            }
            return (bad.addedLatency, status)
        }
    }
}
