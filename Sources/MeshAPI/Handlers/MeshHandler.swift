import Foundation
import MeshControlPlane
import MeshCore
import MeshRouting
import MeshStore

/// meshsim's own endpoints: `routes`, `explain`, `analyze`, `kill-pod`, `top`, `wait`.
struct MeshHandler {
    let components: ClusterComponents

    /// Waits (at most 5 s) until the control plane has settled and the gateway has the route
    /// table of that revision, so `routes` and `explain` right after an `apply` show what the
    /// applied objects do, not the table from before them (istiod debounces its pushes).
    private func settledRoutes() async {
        let (revision, _) = await components.controlPlane.settle()
        await components.controlPlane.routes.waitForRevision(revision)
    }

    func routes() async -> APIResponse {
        await settledRoutes()
        guard let latest = await components.controlPlane.routes.latest else { return .text(.ok, "") }
        return .text(.ok, latest.table.routeListingText().joined(separator: "\n") + "\n")
    }

    func explain(_ request: APIRequest) async -> APIResponse {
        guard let body = try? JSONCoding.decoder.decode(JSONValue.self, from: Data(request.bodyBytes)),
            let path = body["path"]?.stringValue
        else { return StatusBody.response(code: 400, reason: "BadRequest", message: "expected {\"path\": ...}") }
        await settledRoutes()
        guard let latest = await components.controlPlane.routes.latest else {
            return StatusBody.response(code: 503, reason: "ServiceUnavailable", message: "routes are not compiled yet")
        }
        var headers: [(name: String, value: String)] = []
        for header in body["headers"]?.arrayValue ?? [] {
            guard let text = header.stringValue, let colon = text.firstIndex(of: ":") else { continue }
            headers.append(
                (
                    String(text[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                ))
        }
        let listener = latest.snapshot.listenerLocalPorts.keys.min() ?? 8080
        // The gateway routes the normalized path (Istio's default path normalization, BASE).
        let normalized = RequestTarget.normalizePath(path)
        let request = RoutingRequest(
            listenerPort: body["listenerPort"]?.intValue ?? listener, method: body["method"]?.stringValue ?? "GET",
            path: normalized, authority: body["authority"]?.stringValue ?? "localhost", headers: headers)
        let trace = latest.table.explain(request)
        var lines = trace.lines
        // Why: Envoy retries a refused connection (default policy: connect-failure, 2 retries)
        // within the picked cluster, then answers 503 with flags UF,URX once every try is refused.
        let refusing = await EndpointProbe.refusing(trace, group: components.eventLoopGroup)
        lines.insert(contentsOf: EndpointProbe.notes(trace, refusing: refusing), at: max(1, lines.count - 1))
        if normalized != path {
            lines.insert("   path \(path) is normalized to \(normalized) first (Envoy normalize_path)", at: 1)
        }
        return .text(.ok, lines.joined(separator: "\n") + "\n")
    }

    func analyze(_ request: APIRequest) async -> APIResponse {
        let namespace = request.query["namespace"].flatMap { $0.isEmpty ? nil : $0 }
        let snapshot = await RouteController.snapshot(
            from: components.store, listenerLocalPorts: [:], includePods: true)
        let report = Analyzer.report(snapshot, namespace: namespace, istioVersion: "1.24")
        let body: JSONValue = .object([
            "output": .array(report.outputLines.map(JSONValue.string)),
            "footer": .array(report.footerLines.map(JSONValue.string)),
            "failed": .bool(report.failed()),
        ])
        return .json(.ok, Array((try? JSONCoding.encoder.encode(body)) ?? Data()))
    }

    func killPod(_ request: APIRequest) async -> APIResponse {
        guard let namespace = request.query["namespace"], let name = request.query["name"] else {
            return StatusBody.response(code: 400, reason: "BadRequest", message: "namespace and name are required")
        }
        let key = ObjectKey(kind: "Pod", namespace: namespace, name: name)
        guard await components.store.get(key) != nil else {
            return StatusBody.response(code: 404, reason: "NotFound", message: "pods \"\(name)\" not found")
        }
        // Why: a container that dies abruptly takes its server with it; the pod is deleted and its
        // ReplicaSet replaces it, as when a node kills a container that then never comes back.
        await components.controlPlane.kubelet.kill(key)
        do {
            try await components.store.write([.delete(key, gracePeriodSeconds: 0)])
        } catch {
            return StatusBody.response(for: error)
        }
        return .text(.ok, "pod/\(name) killed\n")
    }

    func node(_ request: APIRequest, start: Bool) async -> APIResponse {
        guard let name = request.query["name"] else {
            return StatusBody.response(code: 400, reason: "BadRequest", message: "name is required")
        }
        let controlPlane = components.controlPlane
        var report: NodeLifecycle.StopReport?
        do {
            if start {
                try await NodeLifecycle.start(
                    node: name, store: components.store, events: controlPlane.events, now: controlPlane.clock.now())
            } else {
                report = try await NodeLifecycle.stop(
                    node: name, store: components.store, kubelet: controlPlane.kubelet, events: controlPlane.events,
                    now: controlPlane.clock.now())
            }
        } catch let error as StoreError {
            return StatusBody.response(for: error)
        } catch {
            return StatusBody.response(code: 500, reason: "InternalError", message: "\(error)")
        }
        let eviction = (report?.lines ?? []).map { $0 + "\n" }.joined()
        return .text(
            .ok,
            start
                ? "✅  Successfully started node \(name)!\n"
                : "✋  Stopping node \"\(name)\" ...\n🛑  Successfully stopped node \(name)\n" + eviction)
    }

    func top() async -> APIResponse {
        guard let gateway = components.gateway else { return .text(.ok, "") }
        return .text(.ok, gateway.metrics.prometheusText())
    }

    func waitRoutes(_ request: APIRequest) async -> APIResponse {
        if let asked = request.query["revision"].flatMap({ Int($0) }) {
            await components.controlPlane.routes.waitForRevision(asked)
            return .text(.ok, "routes synced (rev \(asked))\n")
        }
        let (revision, settled) = await components.controlPlane.settle()
        await components.controlPlane.routes.waitForRevision(revision)
        let note = settled ? "" : "; the cluster was still changing after 5s"
        return .text(.ok, "routes synced (rev \(revision)\(note))\n")
    }
}
