// Istio kinds are being written; placeholders keep MeshCore compiling.
/// Istio `Gateway` (placeholder).
public struct Gateway: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "Gateway", group: "networking.istio.io", version: "v1", plural: "gateways", shortNames: ["gw"],
        acceptedVersions: ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: JSONValue?
}
/// Istio `VirtualService` (placeholder).
public struct VirtualService: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "VirtualService", group: "networking.istio.io", version: "v1", plural: "virtualservices",
        shortNames: ["vs"], acceptedVersions: ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: JSONValue?
}
/// Istio `DestinationRule` (placeholder).
public struct DestinationRule: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "DestinationRule", group: "networking.istio.io", version: "v1", plural: "destinationrules",
        shortNames: ["dr"], acceptedVersions: ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: JSONValue?
}
/// Istio `ServiceEntry` (placeholder).
public struct ServiceEntry: KubeResource {
    public static let resourceKind = ResourceKind(
        kind: "ServiceEntry", group: "networking.istio.io", version: "v1", plural: "serviceentries",
        shortNames: ["se"], acceptedVersions: ["networking.istio.io/v1alpha3", "networking.istio.io/v1beta1"])
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: JSONValue?
}
