extension Pod {
    /// The container whose server answers the pod's traffic: the first one that is not the
    /// injected `istio-proxy` sidecar.
    public var appContainer: Container? {
        spec.containers.first { $0.name != "istio-proxy" } ?? spec.containers.first
    }

    /// The pod ports where its app answers: the app container's `PORT` environment variable and
    /// every `containerPort` it declares, or 80 (nginx's default) when it names none. Traffic to
    /// any other port of the pod finds nothing listening.
    ///
    /// Why: in Kubernetes a Service's `targetPort` reaches whatever listens on that port inside the
    /// pod; a `targetPort` the app does not listen on is refused, which Envoy reports as
    /// `503 UF,URX` (connection failure, retries exhausted).
    public var servingPorts: [Int] {
        guard let app = appContainer else { return [80] }
        var ports: [Int] = []
        if let text = app.env("PORT"), let port = Int(text), (1...65535).contains(port) { ports.append(port) }
        for declared in app.ports ?? [] where !ports.contains(declared.containerPort) {
            ports.append(declared.containerPort)
        }
        return ports.isEmpty ? [80] : ports
    }
}
