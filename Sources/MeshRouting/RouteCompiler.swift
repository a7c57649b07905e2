import Foundation
import MeshCore

/// Translates one VirtualService into Envoy routes for one gateway server
/// (istio `route.BuildHTTPRoutesForVirtualService` / `TranslateRoute`).
struct RouteCompiler {
    let registry: ServiceRegistry
    /// `namespace/name` of the Gateway.
    let gatewayKey: String
    /// The Gateway server's declared `port.number` (match `port` filters and default cluster port).
    let serverPort: Int
    /// The gateway pod (for `sourceLabels` / `sourceNamespace`).
    let workload: GatewayWorkload

    /// Routes for `virtualService`, in order, truncated after the first catch-all (§3.2).
    func routes(for virtualService: VirtualService) -> [CompiledRoute] {
        let namespace = virtualService.metadata.namespace ?? "default"
        let topGateways = (virtualService.spec.gateways ?? ["mesh"]).map {
            HostName.gatewayKey($0, namespace: namespace)
        }
        var result: [CompiledRoute] = []
        for (httpIndex, http) in (virtualService.spec.http ?? []).enumerated() {
            guard let action = action(for: http, virtualService: virtualService, namespace: namespace) else { continue }
            let matches = http.match ?? []
            if matches.isEmpty {
                // Why: a match-less rule is a catch-all; istiod drops every later rule of the VS.
                guard topGateways.contains(gatewayKey) else { continue }
                result.append(route(virtualService, httpIndex, nil, nil, http, action))
                return result
            }
            for (matchIndex, match) in matches.enumerated() {
                guard applies(match, topGateways: topGateways, namespace: namespace),
                    let compiled = CompiledMatch(match)
                else { continue }
                let matchedAction = adjust(action, for: compiled, http: http)
                result.append(route(virtualService, httpIndex, matchIndex, compiled, http, matchedAction))
                if compiled.isCatchAll { return result }
            }
        }
        return result
    }

    /// Config-time filters: `gateways`, `port`, `sourceLabels`, `sourceNamespace` (§3.2 step 2).
    private func applies(_ match: HTTPMatchRequest, topGateways: [String], namespace: String) -> Bool {
        let gateways = match.gateways.map { $0.map { HostName.gatewayKey($0, namespace: namespace) } } ?? topGateways
        guard gateways.contains(gatewayKey) else { return false }
        if let port = match.port, port != serverPort { return false }
        if let labels = match.sourceLabels, !labels.allSatisfy({ workload.labels[$0.key] == $0.value }) { return false }
        if let source = match.sourceNamespace, source != workload.namespace { return false }
        return true
    }

    private func route(
        _ virtualService: VirtualService, _ httpIndex: Int, _ matchIndex: Int?, _ match: CompiledMatch?,
        _ http: HTTPRoute, _ action: RouteAction
    ) -> CompiledRoute {
        let namespace = virtualService.metadata.namespace ?? "default"
        let vsName = virtualService.metadata.nameOrEmpty
        let envoyName = (http.name ?? "") + (match?.name.map { ".\($0)" } ?? "")
        let name = http.name == nil ? "\(vsName).\(httpIndex)" : envoyName
        return CompiledRoute(
            name: name, envoyName: envoyName, virtualService: "\(namespace)/\(vsName)",
            virtualServiceListing: "\(vsName).\(namespace)",
            httpIndex: httpIndex, matchIndex: matchIndex, match: match, action: action)
    }

    /// Prefix lengths depend on the match block: rewrite/redirect replace exactly the matched prefix.
    private func adjust(_ action: RouteAction, for match: CompiledMatch, http: HTTPRoute) -> RouteAction {
        switch action {
        case .redirect(let redirect):
            return .redirect(
                CompiledRedirect(
                    uri: redirect.uri, prefixRewrite: redirect.prefixRewrite, authority: redirect.authority,
                    port: redirect.port, scheme: redirect.scheme, derivePort: redirect.derivePort, code: redirect.code,
                    matchedPrefixLength: match.uri == nil ? 1 : match.uri?.prefixLength))
        case .forward(let forward):
            guard case .prefix(let replacement, _) = forward.rewrite else { return action }
            // Why: Envoy `prefix_rewrite` replaces the route's matched prefix; exact/regex matches
            // replace the whole path; without a uri match the route prefix is `/`.
            let length: Int? =
                match.uri == nil
                ? 1
                : (match.uri.map { matcher -> Int? in
                    if case .exact = matcher.kind { return nil }
                    return matcher.prefixLength
                } ?? nil)
            return .forward(
                CompiledForward(
                    destinations: forward.destinations, totalWeight: forward.totalWeight,
                    rewrite: .prefix(replacement: replacement, prefixLength: length),
                    authorityRewrite: forward.authorityRewrite, delayMilliseconds: forward.delayMilliseconds,
                    delayPPM: forward.delayPPM, abortStatus: forward.abortStatus, abortPPM: forward.abortPPM,
                    mirrors: forward.mirrors, cors: forward.cors))
        case .directResponse:
            return action
        }
    }

    // MARK: - Actions

    private func action(for http: HTTPRoute, virtualService: VirtualService, namespace: String) -> RouteAction? {
        if let redirect = http.redirect {
            return .redirect(
                CompiledRedirect(
                    uri: redirect.uri, prefixRewrite: redirect.prefixRewrite, authority: redirect.authority,
                    port: redirect.port, scheme: redirect.scheme, derivePort: redirect.derivePort,
                    code: redirect.redirectCode ?? 301, matchedPrefixLength: 1))
        }
        if let direct = http.directResponse {
            return .directResponse(status: direct.status ?? 200, body: direct.body.map(Self.bodyText) ?? "")
        }
        guard let destinations = http.route, !destinations.isEmpty else { return nil }
        return .forward(forward(http, destinations: destinations, virtualService: virtualService, namespace: namespace))
    }

    private static func bodyText(_ body: HTTPBody) -> String {
        if let text = body.string { return text }
        if let bytes = body.bytes, let data = Data(base64Encoded: bytes) {
            return String(decoding: data, as: UTF8.self)
        }
        return ""
    }
}
