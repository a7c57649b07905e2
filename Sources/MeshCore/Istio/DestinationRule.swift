/// Istio `DestinationRule`: subsets and traffic policy for one host.
public struct DestinationRule: KubeResource {
    /// `networking.istio.io/v1` `DestinationRule`, short name `dr`.
    public static let resourceKind = IstioKinds.kind("DestinationRule", plural: "destinationrules", short: "dr")
    /// Wire `apiVersion`.
    public var apiVersion: String?
    /// Wire `kind`.
    public var kind: String?
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The DestinationRule spec.
    public var spec: DestinationRuleSpec
    /// Status, passed through untouched.
    public var status: JSONValue?

    /// Creates a DestinationRule.
    public init(metadata: ObjectMeta, spec: DestinationRuleSpec) {
        self.metadata = metadata
        self.spec = spec
        setTypeMeta()
    }

    /// Decodes, tolerating a missing `spec`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(DestinationRuleSpec.self, forKey: .spec) ?? DestinationRuleSpec()
        status = try container.decodeIfPresent(JSONValue.self, forKey: .status)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }
}

/// `DestinationRule.spec`.
public struct DestinationRuleSpec: Sendable, Hashable, Codable {
    /// The service host (short names expand relative to the DR's namespace).
    public var host: String?
    /// Host-wide traffic policy.
    public var trafficPolicy: TrafficPolicy?
    /// Named subsets selected by pod labels.
    public var subsets: [Subset]?
    /// Visibility.
    public var exportTo: [String]?
    /// Client workloads this rule applies to.
    public var workloadSelector: WorkloadSelector?

    /// Creates a spec.
    public init(host: String? = nil, trafficPolicy: TrafficPolicy? = nil, subsets: [Subset]? = nil) {
        self.host = host
        self.trafficPolicy = trafficPolicy
        self.subsets = subsets
    }
}

/// `Subset`: endpoints whose pod labels are a superset of `labels`.
public struct Subset: Sendable, Hashable, Codable {
    /// DNS-1123 label, unique in the DR.
    public var name: String?
    /// Pod labels.
    public var labels: [String: String]?
    /// Overrides the DR-level policy field by field.
    public var trafficPolicy: TrafficPolicy?

    /// Creates a subset.
    public init(name: String?, labels: [String: String]? = nil, trafficPolicy: TrafficPolicy? = nil) {
        self.name = name
        self.labels = labels
        self.trafficPolicy = trafficPolicy
    }
}

/// A workload selector: `{matchLabels}` (DestinationRule, istio `type.v1beta1`) or `{labels}`
/// (ServiceEntry, `networking.v1alpha3`); both spellings round-trip.
public struct WorkloadSelector: Sendable, Hashable, Codable {
    /// Labels (DestinationRule form).
    public var matchLabels: [String: String]?
    /// Labels (ServiceEntry form).
    public var labels: [String: String]?
    /// Creates a selector.
    public init(matchLabels: [String: String]? = nil, labels: [String: String]? = nil) {
        self.matchLabels = matchLabels
        self.labels = labels
    }
    /// Whichever form was written.
    public var selectedLabels: [String: String] { matchLabels ?? labels ?? [:] }
}
