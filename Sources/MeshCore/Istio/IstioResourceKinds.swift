/// The `ResourceKind` descriptors of the Istio networking kinds meshsim serves.
///
/// Istio ≥ 1.22 serves `networking.istio.io/v1`; v1alpha3 and v1beta1 carry the same schema and are
/// accepted on input (reference §0).
enum IstioKinds {
    /// Older versions accepted on input.
    static let accepted = ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"]

    /// Builds a descriptor in the `networking.istio.io` group.
    static func kind(_ kind: String, plural: String, short: String) -> ResourceKind {
        ResourceKind(
            kind: kind, group: "networking.istio.io", version: "v1", plural: plural, shortNames: [short],
            acceptedVersions: accepted)
    }
}
