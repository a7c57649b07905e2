extension Pod {
    /// The container whose server answers the pod's traffic: the first one that is not the
    /// injected `istio-proxy` sidecar.
    public var appContainer: Container? {
        spec.containers.first { $0.name != "istio-proxy" } ?? spec.containers.first
    }

    /// Whether an injected `istio-proxy` sidecar fronts the app. A gateway pod's only container
    /// is also named `istio-proxy`, but it is the proxy itself (labelled `istio`), not a sidecar.
    public var runsSidecar: Bool {
        metadata.labels?["istio"] == nil && spec.containers.contains { $0.name == "istio-proxy" }
    }

    /// The pod ports where its app answers: every app container's `PORT` environment variable
    /// and declared `containerPort` (the containers of a pod share one network); a gateway pod's
    /// `istio-proxy` is its app, a sidecar is not. Empty when the
    /// pod declares none: nothing says where its app listens, so it answers on any port. Traffic
    /// to a port outside a non-empty list finds nothing listening.
    ///
    /// Why: in Kubernetes a Service's `targetPort` reaches whatever listens on that port inside the
    /// pod; a `targetPort` the app does not listen on is refused, which Envoy reports as
    /// `503 UF,URX` (connection failure, retries exhausted).
    public var servingPorts: [Int] {
        var ports: [Int] = []
        let sidecar = runsSidecar
        for container in spec.containers where !(sidecar && container.name == "istio-proxy") {
            if let text = container.env("PORT"), let port = Int(text), (1...65535).contains(port),
                !ports.contains(port)
            {
                ports.append(port)
            }
            for declared in container.ports ?? [] where !ports.contains(declared.containerPort) {
                ports.append(declared.containerPort)
            }
        }
        return ports
    }
}
