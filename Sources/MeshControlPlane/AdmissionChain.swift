import MeshCore
import MeshStore

/// kube-apiserver's admission for meshsim: Istio's sidecar-injector webhook on pod CREATE,
/// DefaultTolerationSeconds, defaulting, ClusterIP/NodePort allocation, then validation (Kubernetes
/// rules and Istio's validating webhook). Every write passes here, users' and controllers' alike.
public enum AdmissionChain {
    /// Builds the chain. The injector webhook is there while Istio's injector Deployment is
    /// (`meshsim istio install` adds it to a running cluster, `uninstall` removes it).
    public static func make(defaultTolerationSeconds: DefaultTolerationSeconds = DefaultTolerationSeconds())
        -> Admission
    {
        Admission { object, operation, lookup throws(StoreError) in
            let namespaceName = object.metadata.namespace
            if object.resourceKind.namespaced, let namespaceName {
                let namespace = lookup(ObjectKey(kind: "Namespace", namespace: "", name: namespaceName))?.as(
                    Namespace.self)
                guard let namespace else {
                    throw StoreError(.notFound, "namespaces \"\(namespaceName)\" not found", key: object.key)
                }
                if case .create = operation, namespace.metadata.deletionTimestamp != nil {
                    throw StoreError(
                        .conflict,
                        "\(object.resourceKind.qualifiedPlural) \"\(object.metadata.nameOrEmpty)\" is forbidden: unable to create new content in namespace \(namespaceName) because it is being terminated",
                        key: object.key)
                }
                // Why: Istio's mutating webhook only sees pod CREATE; existing pods are never changed.
                if case .create = operation, var pod = object.as(Pod.self) {
                    if let version = IstioInstall.installedVersion(lookup: { lookup($0)?.as(Deployment.self) }) {
                        let injector = SidecarInjector(options: SidecarInjector.Options(istioVersion: version))
                        pod = injector.admit(pod, namespace: namespace)
                    }
                    // Why CREATE only: pod tolerations may only grow on update, and the plugin's
                    // result on an existing pod is the same as at its creation.
                    object = AnyResource(defaultTolerationSeconds.admit(pod))
                }
            }
            object = KubernetesDefaults.defaulted(object)
            if var service = object.as(Service.self) {
                ServiceAllocation.allocate(&service, previous: operationPrevious(operation)?.as(Service.self))
                object = AnyResource(service)
            }
            var errors = KubernetesValidation.validate(object)
            if case .update(let old) = operation {
                errors += KubernetesValidation.validateUpdate(old: old, new: object)
            }
            if !errors.isEmpty {
                throw StoreError(
                    .invalid,
                    KubernetesValidation.invalidMessage(
                        kind: object.resourceKind.kind, name: object.metadata.nameOrEmpty, errors: errors),
                    key: object.key, causes: errors)
            }
            let istioErrors = IstioValidation.validate(object.base)
            if !istioErrors.isEmpty {
                // Why: a validating webhook's denial reaches kubectl as a 400 Status with no reason
                // and no causes (apiserver `webhookerrors.ToStatusErr`): `Error from server: ...`.
                throw StoreError(.webhookDenied, IstioValidation.webhookMessage(istioErrors), key: object.key)
            }
        }
    }

    private static func operationPrevious(_ operation: Admission.Operation) -> AnyResource? {
        if case .update(let old) = operation { return old }
        return nil
    }
}

/// ClusterIP and NodePort allocation for Services (kube-apiserver's service registry).
public enum ServiceAllocation {
    /// Keeps a previous allocation; otherwise derives a stable address from the Service's name.
    ///
    /// Why hashing: the real allocator keeps a bitmap; a hash of namespace/name into 10.96.0.0/12
    /// gives stable, practically unique addresses without a second table.
    public static func allocate(_ service: inout Service, previous: Service?) {
        let type = service.spec.type ?? "ClusterIP"
        if type != "ExternalName", service.spec.clusterIP == nil || service.spec.clusterIP == "" {
            let ip =
                previous?.spec.clusterIP
                ?? address(for: "\(service.metadata.namespace ?? "")/\(service.metadata.nameOrEmpty)")
            service.spec.clusterIP = ip
            service.spec.clusterIPs = [ip]
        }
        guard type == "NodePort" || type == "LoadBalancer" else { return }
        var ports = service.spec.ports ?? []
        for index in ports.indices where ports[index].nodePort == nil {
            let old = previous?.spec.ports?.first { $0.port == ports[index].port }?.nodePort
            ports[index].nodePort =
                old ?? (30000 + Int(hash("\(service.metadata.nameOrEmpty)/\(ports[index].port)") % 2768))
        }
        service.spec.ports = ports
    }

    static func address(for seed: String) -> String {
        // 10.96.0.0/12 holds 1,048,576 addresses; skip .0.0-.0.10 (kubernetes and kube-dns).
        let offset = 11 + UInt32(hash(seed) % (1_048_576 - 12))
        return "10.\(96 + (offset >> 16))" + ".\((offset >> 8) & 0xFF).\(offset & 0xFF)"
    }

    static func hash(_ text: String) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return value
    }
}
