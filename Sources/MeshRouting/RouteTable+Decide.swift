extension RouteTable {
    /// Decides one request exactly as the gateway's Envoy would (reference §3.2 pseudo-code):
    /// vhost → first matching route → redirect / direct response / fault → weighted cluster.
    /// Draws from `random` only for fault sampling, weighted picks and mirror sampling.
    public func decide(_ request: RoutingRequest, random: inout some RandomNumberGenerator) -> RouteDecision {
        guard let listener = listeners[request.listenerPort],
            let hostIndex = listener.selectVirtualHost(request.authority)
        else { return .local(Self.noRoute) }
        let vhost = listener.virtualHosts[hostIndex]
        if vhost.requireTLS && request.scheme != "https" {
            return .local(
                LocalReply(
                    status: 301, headers: ["location": "https://\(request.authority)\(request.path)"],
                    details: "https_redirect"))
        }
        let view = RequestView(request)
        for route in vhost.routes where route.match?.matches(view) ?? true {
            return perform(route, view: view, random: &random)
        }
        return .local(Self.noRoute)
    }

    /// 404 with empty body, flag NR.
    static let noRoute = LocalReply(status: 404, responseFlags: "NR", details: "route_not_found")

    private func perform(_ route: CompiledRoute, view: RequestView, random: inout some RandomNumberGenerator)
        -> RouteDecision
    {
        switch route.action {
        case .redirect(let redirect):
            return .local(
                LocalReply(
                    status: redirect.code, headers: ["location": redirect.location(for: view)], details: "redirect",
                    routeName: route.envoyName))
        case .directResponse(let status, let body):
            return .local(
                LocalReply(status: status, body: body, details: "direct_response", routeName: route.envoyName))
        case .forward(let forward):
            return self.forward(forward, route: route, view: view, random: &random)
        }
    }

    private func forward(
        _ forward: CompiledForward, route: CompiledRoute, view: RequestView, random: inout some RandomNumberGenerator
    ) -> RouteDecision {
        // CORS filter (before the fault filter in Istio's chain): allowed preflights never reach upstream.
        var corsHeaders: [String: String] = [:]
        if let cors = forward.cors, let origin = view.header("origin") {
            if view.request.method == "OPTIONS", view.header("access-control-request-method") != nil {
                if var reply = cors.preflight(origin: origin) {
                    reply.routeName = route.envoyName
                    return .local(reply)
                }
            } else {
                corsHeaders = cors.responseHeaders(origin: origin)
            }
        }
        // Fault filter: delay and abort draw independently (§3.9).
        var delay: Int?
        if forward.delayPPM > 0, let milliseconds = forward.delayMilliseconds,
            Self.sample(forward.delayPPM, &random)
        {
            delay = milliseconds
        }
        let destination = Self.pick(forward, &random)
        if forward.abortPPM > 0, let status = forward.abortStatus, Self.sample(forward.abortPPM, &random) {
            return .local(
                LocalReply(
                    status: status, body: "fault filter abort", responseFlags: "FI", details: "fault_filter_abort",
                    routeName: route.envoyName, destination: destination.info, delayMilliseconds: delay))
        }
        guard var action = destination.template else {
            return .local(
                LocalReply(
                    status: 503, responseFlags: "NC", details: "cluster_not_found", routeName: route.envoyName,
                    destination: destination.info, delayMilliseconds: delay))
        }
        if action.cluster.endpoints.isEmpty {
            return .local(
                LocalReply(
                    status: 503, body: "no healthy upstream", responseFlags: "UH", details: "no_healthy_upstream",
                    routeName: route.envoyName, destination: destination.info, delayMilliseconds: delay))
        }
        action.routeName = route.envoyName
        action.path = forward.rewrite?.apply(to: view) ?? view.request.path
        action.authority = forward.authorityRewrite ?? view.request.authority
        if let delay { action.fault = FaultDecision(delayMilliseconds: delay) }
        if !corsHeaders.isEmpty { action.responseHeaders.setHeaders.merge(corsHeaders) { _, cors in cors } }
        if !forward.mirrors.isEmpty {
            for mirror in forward.mirrors where mirror.ppm >= 1_000_000 || Self.sample(mirror.ppm, &random) {
                action.mirrors.append(MirrorTarget(cluster: mirror.cluster, authority: action.authority))
            }
        }
        return .forward(action)
    }

    /// Envoy's runtime fraction: true for `ppm` out of a million draws.
    @inline(__always)
    static func sample(_ ppm: UInt64, _ random: inout some RandomNumberGenerator) -> Bool {
        ppm >= 1_000_000 || random.next() % 1_000_000 < ppm
    }

    /// Envoy weighted clusters: `r = random % Σw`, then the first cumulative interval containing r.
    @inline(__always)
    static func pick(_ forward: CompiledForward, _ random: inout some RandomNumberGenerator) -> CompiledDestination {
        let destinations = forward.destinations
        if destinations.count == 1 { return destinations[0] }
        let draw = random.next() % forward.totalWeight
        var upper: UInt64 = 0
        for destination in destinations {
            upper += UInt64(destination.weight)
            if draw < upper { return destination }
        }
        return destinations[destinations.count - 1]
    }
}

extension CompiledRedirect {
    /// The `location` Envoy builds (`RouteEntryImplBase::newUri`): scheme, host, port, path.
    func location(for view: RequestView) -> String {
        let request = view.request
        let finalScheme = scheme ?? request.scheme
        let requestHost = HostName.normalizedAuthorityKeepingCase(request.authority)
        let requestPort =
            request.authority.count > requestHost.count
            ? String(request.authority.dropFirst(requestHost.count)) : ""  // ":8080" or ""
        var finalPort = port.map { ":\($0)" } ?? ""
        if port == nil && derivePort == "FROM_REQUEST_PORT" { finalPort = requestPort }
        var host: String
        if let authority {
            host = authority
        } else if finalPort.isEmpty && derivePort != "FROM_PROTOCOL_DEFAULT"
            && !(finalScheme != request.scheme
                && ((request.scheme == "http" && requestPort == ":80")
                    || (request.scheme == "https" && requestPort == ":443")))
        {
            // Why: Envoy (`processRequestHost`) keeps the client's host:port unless a port is set,
            // or the scheme changes and the port is the old scheme's default (`:80` → https).
            host = request.authority
        } else {
            host = requestHost
        }
        let query = request.path[view.path.endIndex...]
        var path: String
        if let uri {
            path = uri.contains("?") ? uri : uri + query
        } else if let prefixRewrite {
            // Why: like `prefix_rewrite`, the matched prefix; exact/regex matches replace the whole path.
            let cut = min(matchedPrefixLength ?? view.path.count, view.path.count)
            path = prefixRewrite + view.path.dropFirst(cut) + query
        } else {
            path = request.path
        }
        if path.isEmpty { path = "/" }
        return "\(finalScheme)://\(host)\(finalPort)\(path)"
    }
}
