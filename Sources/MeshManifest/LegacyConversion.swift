import MeshCore

/// Converts objects written against retired API versions to the version meshsim stores.
///
/// Why: until Kubernetes 1.16 the API server still served `extensions/v1beta1`, `apps/v1beta1` and
/// `apps/v1beta2` Deployments (and ReplicaSets) and converted them to `apps/v1` internally. Tutorials of that
/// era (the seed's included) use them, so meshsim converts as the old server did, and warns as kubectl prints
/// the server's deprecation warning. Istio's `v1alpha3`/`v1beta1` have the same schema as `v1`, so they are
/// accepted and stored as given.
enum LegacyConversion {
    /// Legacy versions per kind, with the release that deprecated them.
    static let legacyVersions: [String: [String: String]] = [
        "Deployment": ["extensions/v1beta1": "v1.9+", "apps/v1beta1": "v1.9+", "apps/v1beta2": "v1.9+"],
        "ReplicaSet": ["extensions/v1beta1": "v1.9+", "apps/v1beta2": "v1.9+"],
    ]

    /// The converted object and the warnings to print, or the input unchanged.
    static func convert(_ object: JSONValue, kind: String, apiVersion: String) -> (JSONValue, [String]) {
        guard let deprecatedIn = legacyVersions[kind]?[apiVersion] else { return (object, []) }
        var converted = object
        converted["apiVersion"] = .string("apps/v1")
        if var spec = converted["spec"], spec.objectValue != nil {
            // Why: the beta APIs defaulted a missing selector to the template's labels
            // (`SetDefaults_Deployment` in extensions/v1beta1); apps/v1 made it required.
            if spec["selector"] == nil || spec["selector"] == .null,
                let labels = spec["template"]?["metadata"]?["labels"], labels.objectValue != nil
            {
                spec["selector"] = .object(["matchLabels": labels])
            }
            // `rollbackTo` was removed in apps/v1; the old server dropped it on conversion.
            spec["rollbackTo"] = nil
            converted["spec"] = spec
        }
        let warning =
            "Warning: \(apiVersion) \(kind) is deprecated in \(deprecatedIn), unavailable in v1.16+; use apps/v1 \(kind)"
        return (converted, [warning])
    }
}
