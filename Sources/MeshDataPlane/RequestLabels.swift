import MeshCore

/// The label set of `istio_requests_total` / `istio_request_duration_milliseconds`
/// (Istio's standard metrics, reference §10). Missing values are `unknown`.
public struct RequestLabels: Sendable, Hashable {
    /// `source` for gateways and client proxies, `destination` for server sidecars.
    public var reporter: String
    /// `source_workload`: the calling workload (Deployment) name.
    public var sourceWorkload: String = "unknown"
    /// `source_workload_namespace`.
    public var sourceWorkloadNamespace: String = "unknown"
    /// `source_app` (and `source_canonical_service`): the caller's `app` label.
    public var sourceApp: String = "unknown"
    /// `source_canonical_revision`: the caller's canonical revision (`version`, else `latest`).
    public var sourceCanonicalRevision: String = "unknown"
    /// `source_version`: the caller's `version` label.
    public var sourceVersion: String = "unknown"
    /// `source_principal`: the caller's SPIFFE identity, known only over mutual TLS.
    public var sourcePrincipal: String = "unknown"
    /// `destination_principal`: the answering pod's SPIFFE identity, known only over mutual TLS.
    public var destinationPrincipal: String = "unknown"
    /// `destination_service`: FQDN of the routed Service.
    public var destinationService: String = "unknown"
    /// `destination_service_name`.
    public var destinationServiceName: String = "unknown"
    /// `destination_service_namespace`.
    public var destinationServiceNamespace: String = "unknown"
    /// `destination_workload`: the Deployment of the pod that answered.
    public var destinationWorkload: String = "unknown"
    /// `destination_workload_namespace`.
    public var destinationWorkloadNamespace: String = "unknown"
    /// `destination_app`: the answering pod's `app` label.
    public var destinationApp: String = "unknown"
    /// `destination_version`: the answering pod's `version` label.
    public var destinationVersion: String = "unknown"
    /// `destination_canonical_service`.
    public var destinationCanonicalService: String = "unknown"
    /// `destination_canonical_revision`.
    public var destinationCanonicalRevision: String = "unknown"
    /// `request_protocol` (`http`).
    public var requestProtocol: String = "http"
    /// `response_code`: the status the client got.
    public var responseCode: Int = 0
    /// `-` when none.
    public var responseFlags: String = "-"
    /// `unknown` on source reports, `none`/`mutual_tls` on destination reports.
    public var connectionSecurityPolicy: String = "unknown"

    /// Creates labels with every field `unknown` except the reporter.
    public init(reporter: String) { self.reporter = reporter }

    /// The Kubernetes cluster's id in a single-cluster mesh (`source_cluster`, `destination_cluster`).
    static let clusterID = "Kubernetes"

    /// The labels in the order and spelling Istio's stats filter writes them.
    var pairs: [(String, String)] {
        [
            ("reporter", reporter), ("source_workload", sourceWorkload),
            ("source_canonical_service", sourceApp), ("source_canonical_revision", sourceCanonicalRevision),
            ("source_workload_namespace", sourceWorkloadNamespace), ("source_principal", sourcePrincipal),
            ("source_app", sourceApp), ("source_version", sourceVersion),
            ("source_cluster", sourceWorkload == "unknown" ? "unknown" : Self.clusterID),
            ("destination_workload", destinationWorkload),
            ("destination_workload_namespace", destinationWorkloadNamespace),
            ("destination_principal", destinationPrincipal), ("destination_app", destinationApp),
            ("destination_version", destinationVersion), ("destination_service", destinationService),
            ("destination_canonical_service", destinationCanonicalService),
            ("destination_canonical_revision", destinationCanonicalRevision),
            ("destination_service_name", destinationServiceName),
            ("destination_service_namespace", destinationServiceNamespace),
            // Known once a workload answered (or reported itself, at a sidecar).
            (
                "destination_cluster",
                reporter == "destination" || destinationWorkload != "unknown" ? Self.clusterID : "unknown"
            ),
            ("request_protocol", requestProtocol), ("response_code", String(responseCode)),
            ("grpc_response_status", ""), ("response_flags", responseFlags),
            ("connection_security_policy", connectionSecurityPolicy),
        ]
    }

    /// Fills the `source_*` labels of the proxy that reports them (a gateway).
    mutating func setSource(_ identity: ProxyIdentity) {
        sourceWorkload = identity.workload
        sourceWorkloadNamespace = identity.namespace
        sourceApp = identity.labels["app"] ?? identity.workload
        sourceVersion = identity.labels["version"] ?? "unknown"
        sourceCanonicalRevision =
            identity.labels["service.istio.io/canonical-revision"] ?? identity.labels["version"] ?? "latest"
    }

    /// Fills the destination workload labels from an endpoint's pod metadata.
    mutating func setDestinationWorkload(workload: String, namespace: String, labels: [String: String]) {
        if !workload.isEmpty { destinationWorkload = workload }
        if !namespace.isEmpty { destinationWorkloadNamespace = namespace }
        let app = labels["app"] ?? labels["app.kubernetes.io/name"]
        let version = labels["version"] ?? labels["app.kubernetes.io/version"]
        if let app { destinationApp = app }
        if let version { destinationVersion = version }
        // Istio's canonical service/revision fall back to app/version, then workload/"latest".
        destinationCanonicalService =
            labels["service.istio.io/canonical-name"] ?? app ?? (workload.isEmpty ? "unknown" : workload)
        destinationCanonicalRevision = labels["service.istio.io/canonical-revision"] ?? version ?? "latest"
    }
}

/// Who a proxy is, for the `source_*` labels it reports (gateway) or the `destination_*`
/// labels (sidecar).
public struct ProxyIdentity: Sendable, Hashable {
    /// Workload (Deployment) name, e.g. `istio-ingressgateway`.
    public var workload: String
    /// Namespace of the workload.
    public var namespace: String
    /// Pod labels (`app`, `version`).
    public var labels: [String: String]
    /// The pod's service account, which names its SPIFFE identity.
    public var serviceAccount: String

    /// Creates an identity.
    public init(workload: String, namespace: String, labels: [String: String] = [:], serviceAccount: String = "default")
    {
        self.workload = workload
        self.namespace = namespace
        self.labels = labels
        self.serviceAccount = serviceAccount
    }

    /// The SPIFFE identity istiod's CA gives the pod's certificate.
    public var principal: String { SpiffeIdentity.principal(namespace: namespace, serviceAccount: serviceAccount) }

    /// The default ingress gateway identity.
    public static let ingressGateway = ProxyIdentity(
        workload: "istio-ingressgateway", namespace: "istio-system", labels: ["app": "istio-ingressgateway"],
        serviceAccount: "istio-ingressgateway-service-account")
}
