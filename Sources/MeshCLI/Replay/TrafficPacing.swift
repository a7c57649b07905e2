import MeshManifest

/// When each request of a traffic run may start, and when the run is over: the pure part of the
/// load generator. Requests are numbered 0, 1, 2… across all connections.
struct TrafficPacing: Sendable, Hashable {
    /// Requests to send at most; nil when only the duration bounds the run.
    var count: Int?
    /// How long to send for.
    var duration: Duration?
    /// Requests per second across all connections; nil means as fast as answers come back.
    var rate: Double?

    /// The pacing of a scenario's traffic step.
    init(count: Int?, duration: Double?, rate: Double?) {
        self.count = count
        self.duration = duration.map { Self.duration(seconds: $0) }
        self.rate = rate
    }

    /// The most requests the run can send (the hard bound whatever the settings).
    var limit: Int {
        var limit = count ?? TrafficStep.maximumCount
        // With a rate and a duration the schedule itself ends: requests 0..<⌈duration × rate⌉.
        if let rate, let duration {
            let scheduled = (Self.seconds(duration) * rate).rounded(.up)
            limit = min(limit, Int(min(scheduled, Double(TrafficStep.maximumCount))))
        }
        return min(limit, TrafficStep.maximumCount)
    }

    /// When request `index` is due, measured from the start of the run, given the time already
    /// `elapsed`; nil when the run is over (count reached, or the duration has passed).
    ///
    /// Open-loop: request `index` is due at `index / rate` whatever happened to earlier requests, so
    /// a slow answer does not slow the schedule down; a request whose connection was busy at its due
    /// time starts as soon as a connection is free.
    func due(_ index: Int, elapsed: Duration) -> Duration? {
        guard index < limit else { return nil }
        // Whatever the settings, no run outlives the longest duration a step may ask for.
        if elapsed >= duration ?? Self.duration(seconds: TrafficStep.maximumDuration) { return nil }
        guard let rate else { return .zero }
        return Self.duration(seconds: Double(index) / rate)
    }

    /// Connections to open: never more than requests to send.
    func connections(_ concurrency: Int) -> Int { max(1, min(concurrency, limit)) }

    /// Whole nanoseconds, so that 1/200 s is exactly 5 ms.
    static func duration(seconds: Double) -> Duration { .nanoseconds(Int64((seconds * 1e9).rounded())) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
