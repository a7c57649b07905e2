import Foundation

extension RouteTable {
    /// Walks the same structures as `decide`, without sampling, and records why each step went the way
    /// it did (the `meshsim explain` / `istioctl x describe` view).
    public func explain(_ request: RoutingRequest) -> RouteTrace {
        var trace = RouteTrace(request: request)
        func step(_ stage: RouteTrace.Stage, _ text: String) { trace.steps.append(.init(stage: stage, text: text)) }
        func finish(_ reply: LocalReply, _ text: String) -> RouteTrace {
            trace.localReply = reply
            trace.summary = text
            step(.result, text)
            return trace
        }
        guard let listener = listeners[request.listenerPort] else {
            let ports = listenerPorts.map { String($0.localPort) }.joined(separator: ", ")
            trace.summary =
                "connection refused: no Gateway server listens on port \(request.listenerPort)"
                + (ports.isEmpty ? " (no listeners at all: apply a Gateway)" : " (listening: \(ports))")
            step(.listener, trace.summary)
            return trace
        }
        trace.listener = listener.name
        step(
            .listener,
            "listener \(listener.name) (route config \(listener.routeConfigName)) on local port \(listener.localPort)")
        for server in listener.servers {
            step(
                .server,
                "Gateway \(server.gateway) server[\(server.index)] port \(server.port) hosts \(server.hosts.joined(separator: ","))"
            )
        }
        if listener.isBlackhole {
            return finish(
                Self.noRoute,
                "404 NR (empty body): no VirtualService is bound to this gateway, so istiod installed the blackhole virtual host; a VirtualService needs `gateways:` naming the Gateway and hosts that intersect the server hosts"
            )
        }
        let host = HostName.normalizedAuthority(request.authority)
        guard let index = listener.selectVirtualHost(request.authority) else {
            let domains = listener.virtualHosts.flatMap(\.domains).joined(separator: ", ")
            return finish(
                Self.noRoute, "404 NR (empty body): Host \(host) matches no virtual host domain (domains: \(domains))")
        }
        let vhost = listener.virtualHosts[index]
        trace.virtualHost = vhost.name
        step(.virtualHost, "Host \(host) selects virtual host \(vhost.name) (domain \(vhost.domains[0]))")
        if vhost.requireTLS && request.scheme != "https" {
            let reply = LocalReply(
                status: 301, headers: ["location": "https://\(request.authority)\(request.path)"],
                details: "https_redirect")
            return finish(reply, "301 to https://\(request.authority)\(request.path): the server has tls.httpsRedirect")
        }
        let view = RequestView(request)
        for route in vhost.routes {
            if let match = route.match, let reason = match.mismatch(view) {
                step(.skippedRoute, "\(route.label) (\(route.name)) skipped: \(reason)")
                continue
            }
            trace.routeName = route.name
            trace.virtualService = route.virtualService
            let how = route.match.map { "matches \($0.listing)" } ?? "has no match (catch-all)"
            step(.route, "\(route.label) route \(route.name) \(how)")
            return explainAction(route, view: view, trace: &trace)
        }
        let count = vhost.routes.count
        return finish(
            Self.noRoute,
            "404 NR (empty body): none of the \(count) route(s) of virtual host \(vhost.name) matches \(view.path)")
    }

    private func explainAction(_ route: CompiledRoute, view: RequestView, trace: inout RouteTrace) -> RouteTrace {
        func step(_ stage: RouteTrace.Stage, _ text: String) { trace.steps.append(.init(stage: stage, text: text)) }
        switch route.action {
        case .redirect(let redirect):
            let location = redirect.location(for: view)
            trace.localReply = LocalReply(
                status: redirect.code, headers: ["location": location], details: "redirect", routeName: route.name)
            trace.summary = "\(redirect.code) redirect to \(location)"
        case .directResponse(let status, let body):
            trace.localReply = LocalReply(status: status, body: body, details: "direct_response", routeName: route.name)
            trace.summary = "\(status) direct response" + (body.isEmpty ? " (empty body)" : " with body \"\(body)\"")
        case .forward(let forward):
            explainForward(forward, route: route, view: view, trace: &trace)
        }
        step(.result, trace.summary)
        return trace
    }

    private func explainForward(
        _ forward: CompiledForward, route: CompiledRoute, view: RequestView, trace: inout RouteTrace
    ) {
        func step(_ stage: RouteTrace.Stage, _ text: String) { trace.steps.append(.init(stage: stage, text: text)) }
        let delayPercent = Double(forward.delayPPM) / 10_000
        let abortPercent = Double(forward.abortPPM) / 10_000
        if let delay = forward.delayMilliseconds, forward.delayPPM > 0 {
            step(.fault, "fault delay \(delay)ms for \(Self.percent(delayPercent)) of requests")
        }
        if let status = forward.abortStatus, forward.abortPPM > 0 {
            step(
                .fault,
                "fault abort \(status) \"fault filter abort\" (FI) for \(Self.percent(abortPercent)) of requests")
        }
        if forward.cors != nil { step(.action, "CORS policy: allowed preflights are answered by the gateway") }
        if let template = forward.destinations.lazy.compactMap(\.template).first {
            if let timeout = template.timeoutMilliseconds {
                step(.action, "route timeout \(timeout)ms (504 UT when it fires)")
            }
            let retry = template.retryPolicy
            if retry != .istioDefault {
                let on = retry.retryOn.sorted().joined(separator: ",")
                let codes = retry.retriableStatusCodes.sorted().map(String.init).joined(separator: ",")
                step(
                    .action,
                    "retries: \(retry.attempts) attempt(s) on \(on.isEmpty ? "nothing" : on)"
                        + (codes.isEmpty ? "" : " (status \(codes))"))
            }
        }
        for mirror in forward.mirrors {
            step(.action, "mirror \(Self.percent(Double(mirror.ppm) / 10_000)) of requests to \(mirror.cluster.name)")
        }
        let total = forward.destinations.count == 1 ? 0 : Double(forward.totalWeight)
        for destination in forward.destinations {
            let share = total == 0 ? 100 : Double(destination.weight) / total * 100
            let endpoints = destination.template?.cluster.endpoints ?? []
            trace.destinations.append(
                .init(percent: share, destination: destination.info, endpoints: endpoints, failure: destination.failure)
            )
            let subset = destination.info.subset.map { " subset \($0)" } ?? ""
            step(
                .destination,
                "\(Self.percent(share)) → \(destination.info.serviceHost)\(subset) (cluster \(destination.info.clusterName))"
            )
            if let failure = destination.failure {
                step(
                    .cluster, "cluster \(destination.info.clusterName) does not exist → 503 NC (empty body): \(failure)"
                )
            } else if endpoints.isEmpty {
                step(
                    .endpoints,
                    "cluster \(destination.info.clusterName) has no ready endpoints → 503 UH \"no healthy upstream\"")
            } else {
                let list = endpoints.map { endpoint in
                    let name = endpoint.podName.isEmpty ? endpoint.address : endpoint.podName
                    let serves = endpoint.localPorts.keys.sorted().map(String.init).joined(separator: ", ")
                    let app = serves.isEmpty ? "" : "; the app serves \(serves)"
                    guard endpoint.isListening else {
                        return "\(name) (\(endpoint.upstreamHost) → nothing listens on port \(endpoint.port)\(app))"
                    }
                    let local = "\(endpoint.localHost):\(endpoint.localPort)"
                    guard !endpoint.sidecarRefuses else {
                        return "\(name) (\(endpoint.upstreamHost) → \(local), its sidecar, which finds nothing on port "
                            + "\(endpoint.port)\(app))"
                    }
                    return "\(name) (\(endpoint.upstreamHost) → \(local))"
                }
                step(.endpoints, "endpoints: " + list.joined(separator: ", "))
                if !endpoints.contains(where: { $0.isListening && !$0.sidecarRefuses }) {
                    step(
                        .endpoints,
                        endpoints.contains(where: \.isListening)
                            ? "no app listens on the target port → 503 UF,URX (a pod's sidecar answers it itself)"
                            : "no endpoint listens on the target port → connection refused, retried, then 503 UF,URX")
                }
            }
        }
        if let status = forward.abortStatus, forward.abortPPM >= 1_000_000 {
            trace.localReply = LocalReply(
                status: status, body: "fault filter abort", responseFlags: "FI", details: "fault_filter_abort",
                routeName: route.name)
            trace.summary = "\(status) \"fault filter abort\" (FI): fault abort applies to every request"
            return
        }
        let outcomes = trace.destinations.map {
            "\(Self.percent($0.percent)) \($0.outcome == "forwarded" ? "to \($0.destination.clusterName)" : $0.outcome)"
        }
        if trace.destinations.count == 1, let only = trace.destinations.first, only.outcome != "forwarded" {
            let flag = only.failure != nil ? "NC" : "UH"
            trace.localReply = LocalReply(
                status: 503, body: flag == "UH" ? "no healthy upstream" : "", responseFlags: flag,
                details: flag == "UH" ? "no_healthy_upstream" : "cluster_not_found", routeName: route.name,
                destination: only.destination)
            trace.summary =
                flag == "UH"
                ? "503 UH \"no healthy upstream\": cluster \(only.destination.clusterName) has no ready endpoints"
                : "503 NC (empty body): \(only.failure ?? "")"
            return
        }
        var summary = "forward " + outcomes.joined(separator: ", ")
        if let rewrite = forward.rewrite { summary += "; path rewritten to \(rewrite.apply(to: view))" }
        if abortPercent > 0 { summary += "; \(Self.percent(abortPercent)) aborted with \(forward.abortStatus ?? 0)" }
        trace.summary = summary
    }

    /// `50%`, `33.3%`.
    static func percent(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}
