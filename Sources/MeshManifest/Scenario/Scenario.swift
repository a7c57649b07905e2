import MeshCore

/// A replayable story: cluster settings and ordered steps (`scenarios/README.md` documents the format).
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var description: String
    public var file: String
    public var nodes: Int
    public var istioProfile: String?
    public var seed: UInt64
    public var steps: [ScenarioStep]
    /// kube-apiserver's `--default-not-ready-toleration-seconds` for the cluster (nil: 300).
    public var defaultNotReadyTolerationSeconds: Int?
    /// kube-apiserver's `--default-unreachable-toleration-seconds` for the cluster (nil: 300).
    public var defaultUnreachableTolerationSeconds: Int?

    /// Creates a scenario.
    public init(
        name: String, description: String, file: String, nodes: Int, istioProfile: String?, seed: UInt64,
        steps: [ScenarioStep]
    ) {
        self.name = name
        self.description = description
        self.file = file
        self.nodes = nodes
        self.istioProfile = istioProfile
        self.seed = seed
        self.steps = steps
    }
}

/// One step, with the line it starts on.
public struct ScenarioStep: Sendable, Hashable {
    /// What the step does.
    public enum Action: Sendable, Hashable {
        /// Apply manifests (files relative to the scenario, or inline YAML).
        case apply(files: [String], inline: String?)
        /// Delete the objects of manifests, or one object by kind and name.
        case delete(files: [String], kind: String?, name: String?, namespace: String)
        /// Scale a Deployment.
        case scale(deployment: String, namespace: String, replicas: Int)
        /// Wait for rollouts to finish, or for the pods a selector matches to be Ready (and routes
        /// to follow), up to a timeout in seconds.
        case wait(rollouts: [String], podsReady: String?, namespace: String, timeout: Double)
        /// Wait, as `kubectl wait --for` does, until one object meets a condition, up to a timeout in seconds.
        case waitFor(kind: String, name: String, namespace: String, condition: WaitCondition, timeout: Double)
        /// Send traffic through the ingress gateway and check expectations, while `during` steps run.
        case traffic(TrafficStep, during: [ScenarioStep])
        /// Kill a pod's server abruptly (by name, or the first pod matching a selector).
        case killPod(name: String?, selector: String?, namespace: String)
        /// Stop or start a node.
        case node(name: String, start: Bool)
        /// Kill the daemon with SIGKILL and start it again: state must survive.
        case restart
        /// Wait a fixed time.
        case sleep(seconds: Double)
        /// Run the analyzers; expect exactly these codes (empty: no errors).
        case analyze(namespace: String, codes: [String])
        /// Expect a field of an object to equal a value.
        case expect(kind: String, name: String, namespace: String, path: String, equals: JSONValue)
    }

    public var action: Action
    public var line: Int
    /// A short title for progress lines (`traffic 1000 requests`).
    public var title: String

    /// Creates a step.
    public init(action: Action, line: Int, title: String) {
        self.action = action
        self.line = line
        self.title = title
    }
}

/// A `traffic` step.
public struct TrafficStep: Sendable, Hashable {
    /// The most requests a step sends, whatever its count or duration.
    public static let maximumCount = 1_000_000
    /// Request methods a traffic step may send.
    public static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    /// The highest pace a step may ask for, in requests per second.
    public static let maximumRate = 10_000.0
    /// The longest a step may send for, in seconds.
    public static let maximumDuration = 600.0

    /// Requests to send; nil when only a duration bounds the step.
    public var count: Int?
    /// Seconds to send for; with a count too, the step stops at whichever comes first.
    public var duration: Double?
    /// Requests per second across all connections, paced open-loop; nil sends as fast as answers come.
    public var rate: Double?
    public var path: String
    /// Request method; `GET` by default.
    public var method: String = "GET"
    public var host: String?
    public var headers: [String: String]
    /// Expected share per version in percent (checked against 99.9% binomial bounds, or a tolerance).
    public var split: [String: Double]
    /// Tolerance in percentage points; nil means exact binomial 99.9% bounds.
    public var tolerance: Double?
    /// Expected count per status code (`"200": 1000`), or share with a `%` suffix.
    public var statuses: [String: String]
    /// Maximum number of non-2xx responses.
    public var maxErrors: Int?
    /// Expected share per status code in percent, checked like `split`.
    public var statusShares: [String: Double] = [:]
    /// Text every 2xx response body must contain.
    public var bodyContains: String?
    /// Response headers (lower-case names) and the value every response must carry.
    public var responseHeaders: [String: String] = [:]
    /// Upper bounds per latency percentile (50, 90, 99), in milliseconds.
    public var latencyBelowMilliseconds: [Int: Double] = [:]
    /// Upper bound for the 99th latency percentile, in milliseconds.
    public var p99BelowMilliseconds: Double? {
        get { latencyBelowMilliseconds[99] }
        set { latencyBelowMilliseconds[99] = newValue }
    }
    /// Parallel keep-alive connections sharing the count.
    public var concurrency: Int = 1

    /// Creates a traffic step.
    public init(
        count: Int?, path: String, host: String?, headers: [String: String], split: [String: Double],
        tolerance: Double?,
        statuses: [String: String], maxErrors: Int?
    ) {
        self.count = count
        self.path = path
        self.host = host
        self.headers = headers
        self.split = split
        self.tolerance = tolerance
        self.statuses = statuses
        self.maxErrors = maxErrors
    }
}
