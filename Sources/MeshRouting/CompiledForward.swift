import MeshCore

/// A forwarding route: fault, weighted destinations, rewrite, mirrors.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledForward: Sendable {
    /// Destinations that take part in the pick (weight-0 entries dropped unless alone).
    let destinations: [CompiledDestination]
    /// Σ weights (0 when there is a single destination).
    let totalWeight: UInt64
    /// Path rewrite.
    let rewrite: CompiledRewrite?
    /// Authority rewrite (`rewrite.authority` or a `host` header set).
    let authorityRewrite: String?
    /// Fault delay in ms and its share in parts per million.
    let delayMilliseconds: Int?
    let delayPPM: UInt64
    /// Fault abort status and its share in parts per million.
    let abortStatus: Int?
    let abortPPM: UInt64
    /// Mirrors with their share.
    let mirrors: [CompiledMirror]
    /// CORS policy.
    let cors: CompiledCors?

    init(
        destinations: [CompiledDestination], totalWeight: UInt64, rewrite: CompiledRewrite?, authorityRewrite: String?,
        delayMilliseconds: Int?, delayPPM: UInt64, abortStatus: Int?, abortPPM: UInt64, mirrors: [CompiledMirror],
        cors: CompiledCors?
    ) {
        self.cors = cors
        self.destinations = destinations
        self.totalWeight = totalWeight
        self.rewrite = rewrite
        self.authorityRewrite = authorityRewrite
        self.delayMilliseconds = delayMilliseconds
        self.delayPPM = delayPPM
        self.abortStatus = abortStatus
        self.abortPPM = abortPPM
        self.mirrors = mirrors
    }
}

/// One weighted destination, resolved at build time.
/// Immutable and shared: a class so the hot path copies one reference, not every field.
final class CompiledDestination: Sendable {
    let weight: Int
    let info: DestinationInfo
    /// The prepared action (nil when the cluster does not exist: 503 NC).
    let template: ForwardAction?
    /// Why the cluster is missing, in words (explain).
    let failure: String?

    init(weight: Int, info: DestinationInfo, template: ForwardAction?, failure: String?) {
        self.weight = weight
        self.info = info
        self.template = template
        self.failure = failure
    }
}

/// A mirror destination and its share.
struct CompiledMirror: Sendable {
    let cluster: UpstreamCluster
    let ppm: UInt64
}
