/// The SPIFFE identity istiod's CA writes into a workload's certificate: what Istio reports as
/// `source_principal` and `destination_principal` over mutual TLS.
public enum SpiffeIdentity {
    /// `spiffe://cluster.local/ns/NAMESPACE/sa/SERVICE_ACCOUNT` (trust domain `cluster.local`).
    public static func principal(namespace: String, serviceAccount: String) -> String {
        "spiffe://cluster.local/ns/\(namespace)/sa/\(serviceAccount)"
    }
}
