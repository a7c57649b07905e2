import MeshCore
import MeshStore

/// kube-apiserver's admission for meshsim: defaulting, Istio's sidecar-injector webhook on pod
/// CREATE, then validation (Kubernetes rules and Istio's validating webhook).
public enum AdmissionChain {
    /// Builds the chain.
    public static func make(istioVersion: String) -> Admission {
        Admission { object, operation, lookup throws(StoreError) in
            if case .create = operation, object.metadata.namespace != nil,
                let namespace = lookup(ObjectKey(kind: "Namespace", namespace: "", name: object.metadata.namespace!)),
                namespace.metadata.deletionTimestamp != nil
            {
                throw StoreError(
                    .conflict,
                    "\(object.resourceKind.qualifiedPlural) \"\(object.metadata.nameOrEmpty)\" is forbidden: unable to create new content in namespace \(object.metadata.namespace!) because it is being terminated",
                    key: object.key)
            }
        }
    }
}
