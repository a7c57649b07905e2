/// `HTTPMirrorPolicy`: one of `mirrors[]`.
public struct HTTPMirrorPolicy: Sendable, Hashable, Codable {
    /// Mirror destination.
    public var destination: Destination?
    /// Share of requests mirrored (absent = 100 %).
    public var percentage: Percent?

    /// Creates a mirror policy.
    public init(destination: Destination?, percentage: Percent? = nil) {
        self.destination = destination
        self.percentage = percentage
    }
}
