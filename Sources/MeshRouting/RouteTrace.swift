/// What `explain` found for one request: every step from listener to endpoints, or the exact reason
/// of a 404/503, in plain words.
public struct RouteTrace: Sendable, Hashable {
    /// One step of the walk.
    public struct Step: Sendable, Hashable {
        /// Which stage produced the step.
        public var stage: Stage
        /// Plain-words description.
        public var text: String
        /// Creates a step.
        public init(stage: Stage, text: String) {
            self.stage = stage
            self.text = text
        }
    }

    /// The stages of Envoy's request path.
    public enum Stage: String, Sendable, Hashable {
        case listener, server, virtualHost, route, skippedRoute, action, fault, destination, cluster, endpoints, result
    }

    /// One possible destination of the matched route, with its share.
    public struct DestinationOption: Sendable, Hashable {
        /// Share of requests, 0...100.
        public var percent: Double
        /// Routed service and cluster.
        public var destination: DestinationInfo
        /// Ready endpoints of the cluster (empty with `failure` nil means 503 UH).
        public var endpoints: [UpstreamEndpoint]
        /// Why the cluster does not exist (503 NC), nil when it exists.
        public var failure: String?
        /// Creates an option.
        public init(percent: Double, destination: DestinationInfo, endpoints: [UpstreamEndpoint], failure: String?) {
            self.percent = percent
            self.destination = destination
            self.endpoints = endpoints
            self.failure = failure
        }
        /// `200 via upstream`, `503 NC`, `503 UH`.
        public var outcome: String {
            if failure != nil { return "503 NC" }
            return endpoints.isEmpty ? "503 UH" : "forwarded"
        }
    }

    /// The request explained.
    public var request: RoutingRequest
    /// Ordered steps.
    public var steps: [Step]
    /// `0.0.0.0_8080`, nil when no listener.
    public var listener: String?
    /// `*:80`, nil when no vhost matched.
    public var virtualHost: String?
    /// Matched route name.
    public var routeName: String?
    /// `namespace/name` of the VirtualService that owns the matched route.
    public var virtualService: String?
    /// Weighted options when the route forwards.
    public var destinations: [DestinationOption]
    /// The local reply when the outcome does not depend on sampling (404, redirect, direct, 100 % abort).
    public var localReply: LocalReply?
    /// One-line verdict.
    public var summary: String

    /// Creates a trace.
    public init(
        request: RoutingRequest, steps: [Step] = [], listener: String? = nil, virtualHost: String? = nil,
        routeName: String? = nil, virtualService: String? = nil, destinations: [DestinationOption] = [],
        localReply: LocalReply? = nil, summary: String = ""
    ) {
        self.request = request
        self.steps = steps
        self.listener = listener
        self.virtualHost = virtualHost
        self.routeName = routeName
        self.virtualService = virtualService
        self.destinations = destinations
        self.localReply = localReply
        self.summary = summary
    }

    /// The text the CLI prints: the request, numbered steps, then the verdict.
    public var lines: [String] {
        var out = [
            "\(request.method) \(request.scheme)://\(request.authority)\(request.path) on port \(request.listenerPort)"
        ]
        // The result step repeats the verdict printed last.
        for (index, step) in steps.filter({ $0.stage != .result }).enumerated() {
            out.append("\(index + 1). \(step.text)")
        }
        out.append("=> \(summary)")
        return out
    }
}
