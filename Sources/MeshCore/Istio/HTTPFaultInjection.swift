/// `HTTPFaultInjection`: delay and/or abort a share of matching requests.
public struct HTTPFaultInjection: Sendable, Hashable, Codable {
    /// Delay before forwarding.
    public var delay: Delay?
    /// Immediate local reply.
    public var abort: Abort?

    /// Creates a fault.
    public init(delay: Delay? = nil, abort: Abort? = nil) {
        self.delay = delay
        self.abort = abort
    }

    /// `fault.delay`.
    public struct Delay: Sendable, Hashable, Codable {
        /// How long to hold the request.
        public var fixedDelay: String?
        /// Unsupported exponential delay, kept.
        public var exponentialDelay: String?
        /// Share of requests delayed; absent means 0 %.
        public var percentage: Percent?
        /// Deprecated integer share, used when `percentage` is absent.
        public var percent: Int?

        /// Creates a delay.
        public init(fixedDelay: String?, percentage: Percent? = nil, percent: Int? = nil) {
            self.fixedDelay = fixedDelay
            self.percentage = percentage
            self.percent = percent
        }
    }

    /// `fault.abort`.
    public struct Abort: Sendable, Hashable, Codable {
        /// Status to answer with.
        public var httpStatus: Int?
        /// gRPC status name, kept.
        public var grpcStatus: String?
        /// HTTP/2 error, kept.
        public var http2Error: String?
        /// Share of requests aborted; absent means 0 %.
        public var percentage: Percent?

        /// Creates an abort.
        public init(httpStatus: Int?, percentage: Percent? = nil) {
            self.httpStatus = httpStatus
            self.percentage = percentage
        }
    }
}
