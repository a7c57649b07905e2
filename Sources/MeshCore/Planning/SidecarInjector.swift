/// Istio's sidecar-injection webhook as a pure function: decide, then mutate the pod.
///
/// Why: copies the decision of `injectRequired` plus the webhook's namespace/object selectors
/// (istio/pkg/kube/inject/webhook.go, the `istio-sidecar-injector` MutatingWebhookConfiguration) and
/// the mutation of the `sidecar` injection template; Istio 1.0–1.4 pods get the legacy template.
public struct SidecarInjector: Sendable {
    /// Injection settings.
    public struct Options: Sendable, Hashable {
        /// The Istio version, e.g. `1.24.0` or `1.4.6`; decides the template and image tags.
        public var istioVersion: String
        /// The image hub.
        public var hub: String = "docker.io/istio"
        /// The mesh ID / trust domain.
        public var meshID: String = "cluster.local"
        /// The cluster ID.
        public var clusterID: String = "Kubernetes"
        /// Creates options.
        public init(istioVersion: String = "1.24.0") { self.istioVersion = istioVersion }

        /// Whether the version predates istiod (1.0–1.4), which used the legacy template.
        public var isLegacy: Bool {
            let parts = istioVersion.split(separator: ".").compactMap { Int($0) }
            guard parts.count >= 2 else { return false }
            return parts[0] == 1 && parts[1] <= 4
        }
    }

    /// The webhook's decision.
    public enum Decision: Sendable, Hashable {
        /// Inject with this revision (`default` for the `istio-injection=enabled` label).
        case inject(revision: String)
        /// Leave the pod alone, and why.
        case skip(String)
    }

    /// The label and annotation that opt a pod in or out.
    public static let injectKey = "sidecar.istio.io/inject"
    /// The annotation recording what was injected.
    public static let statusAnnotation = "sidecar.istio.io/status"
    /// Namespaces the webhook never touches.
    public static let ignoredNamespaces: Set<String> = ["kube-system", "kube-public", "kube-node-lease"]

    /// The options.
    public var options: Options

    /// Creates an injector.
    public init(options: Options = Options()) { self.options = options }

    /// The §7.1 decision table for `pod` created in `namespace`.
    public func decide(_ pod: Pod, namespace: Namespace) -> Decision {
        let ns = namespace.metadata.nameOrEmpty
        if Self.ignoredNamespaces.contains(ns) { return .skip("namespace \(ns) is never injected") }
        if pod.spec.hostNetwork == true { return .skip("pod uses hostNetwork") }
        if pod.metadata.annotations?[Self.statusAnnotation] != nil { return .skip("pod is already injected") }
        let nsLabels = namespace.metadata.labels ?? [:]
        let podLabel = pod.metadata.labels?[Self.injectKey]
        let podAnnotation = pod.metadata.annotations?[Self.injectKey]
        // The label wins; the annotation can still disable injection.
        let podSays = podLabel ?? podAnnotation
        if options.isLegacy {
            guard nsLabels["istio-injection"] == "enabled" else {
                return .skip("namespace is not labelled istio-injection=enabled")
            }
            return podAnnotation == "false"
                ? .skip("pod annotation sidecar.istio.io/inject=false") : .inject(revision: "default")
        }
        switch nsLabels["istio-injection"] {
        case "enabled":
            return podSays == "false"
                ? .skip("pod opted out with sidecar.istio.io/inject=false") : .inject(revision: "default")
        case .some:
            return .skip("namespace has istio-injection=\(nsLabels["istio-injection"] ?? "")")
        case nil:
            if let revision = nsLabels["istio.io/rev"] {
                return podSays == "false"
                    ? .skip("pod opted out with sidecar.istio.io/inject=false") : .inject(revision: revision)
            }
            if podLabel == "true" { return .inject(revision: pod.metadata.labels?["istio.io/rev"] ?? "default") }
            return .skip("namespace is not enabled for injection")
        }
    }

    /// Decides and, when required, injects.
    public func admit(_ pod: Pod, namespace: Namespace) -> Pod {
        guard case .inject(let revision) = decide(pod, namespace: namespace) else { return pod }
        return inject(pod, revision: revision)
    }

    /// Adds the sidecar unconditionally (the template chosen by the Istio version).
    public func inject(_ pod: Pod, revision: String = "default") -> Pod {
        options.isLegacy ? injectLegacy(pod) : injectModern(pod, revision: revision)
    }

    /// The workload (Deployment) name Istio derives from the pod's owner: a ReplicaSet owner loses its
    /// pod-template-hash suffix; otherwise the owner's or the pod's own name.
    public static func workloadName(_ pod: Pod) -> String {
        guard let owner = pod.metadata.controllerRef else {
            return pod.metadata.name ?? String((pod.metadata.generateName ?? "").dropLast())
        }
        if owner.kind == "ReplicaSet", let dash = owner.name.lastIndex(of: "-") { return String(owner.name[..<dash]) }
        return owner.name
    }

    /// `ISTIO_META_POD_PORTS`: the app containers' ports as Istio's template renders them.
    static func podPortsJSON(_ containers: [Container]) -> String {
        let ports = containers.flatMap { $0.ports ?? [] }.map { port -> String in
            var parts: [String] = []
            if let name = port.name { parts.append("\"name\":\"\(name)\"") }
            parts.append("\"containerPort\":\(port.containerPort)")
            parts.append("\"protocol\":\"\(port.protocol_ ?? "TCP")\"")
            return "    {" + parts.joined(separator: ",") + "}"
        }
        return "[\n" + ports.joined(separator: "\n    ,") + "\n]"
    }
}
