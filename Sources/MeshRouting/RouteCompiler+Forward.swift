import Foundation
import MeshCore

extension RouteCompiler {
    /// Builds the forwarding action: weighted destinations with prepared `ForwardAction`s.
    func forward(
        _ http: HTTPRoute, destinations: [HTTPRouteDestination], virtualService: VirtualService, namespace: String
    ) -> CompiledForward {
        // Why (§3.4): a single destination takes 100 % whatever its weight; otherwise weight-0
        // entries are dropped and the rest share relatively.
        let kept = destinations.count == 1 ? destinations : destinations.filter { ($0.weight ?? 0) > 0 }
        let total = destinations.count == 1 ? 0 : kept.reduce(0) { $0 + ($1.weight ?? 0) }
        let authoritySet = Self.hostHeader(in: http.headers?.request?.set)
        let authorityRewrite = http.rewrite?.authority ?? authoritySet
        let timeout = http.timeout.flatMap(IstioDuration.milliseconds).flatMap { $0 > 0 ? $0 : nil }
        let retry = Self.retryPolicy(http.retries)
        let vsName = virtualService.metadata.nameOrEmpty
        let compiled = kept.map { weighted -> CompiledDestination in
            let resolved = resolve(weighted.destination, namespace: namespace, virtualService: virtualService)
            var template: ForwardAction?
            if let cluster = resolved.cluster {
                let operations = Self.merge(http.headers, weighted.headers)
                template = ForwardAction(
                    routeName: "", cluster: cluster, destination: resolved.info, path: "", authority: "",
                    pathRewritten: http.rewrite?.uri != nil || http.rewrite?.uriRegexRewrite != nil,
                    requestHeaders: operations.request, responseHeaders: operations.response,
                    timeoutMilliseconds: timeout, retryPolicy: retry,
                    decoratorOperation: kept.count == 1
                        ? "\(resolved.info.serviceHost):\(resolved.port)/*" : "\(vsName).\(namespace):\(serverPort)/*")
            }
            return CompiledDestination(
                weight: weighted.weight ?? 0, info: resolved.info, template: template, failure: resolved.failure)
        }
        var rewrite: CompiledRewrite?
        if let uri = http.rewrite?.uri {
            rewrite = .prefix(replacement: uri, prefixLength: 1)
        } else if let regex = http.rewrite?.uriRegexRewrite,
            let rewriter = RegexRewriter(
                match: regex.match ?? "", rewrite: regex.rewrite ?? "")
        {
            rewrite = .regex(rewriter)
        }
        let delay = http.fault?.delay
        let abort = http.fault?.abort
        return CompiledForward(
            destinations: compiled, totalWeight: UInt64(max(total, 0)), rewrite: rewrite,
            authorityRewrite: authorityRewrite,
            delayMilliseconds: delay?.fixedDelay.flatMap(IstioDuration.milliseconds),
            delayPPM: Self.ppm(delay?.percentage?.value ?? delay?.percent.map(Double.init)),
            abortStatus: abort?.httpStatus, abortPPM: Self.ppm(abort?.percentage?.value),
            mirrors: mirrors(http, namespace: namespace, virtualService: virtualService),
            cors: CompiledCors(http.corsPolicy))
    }

    /// Percentage → parts per million; absent means 0 % (Istio passes an explicit 0, §3.9).
    static func ppm(_ percent: Double?) -> UInt64 {
        guard let percent, percent > 0 else { return 0 }
        return UInt64((min(percent, 100) * 10_000).rounded())
    }

    private func mirrors(_ http: HTTPRoute, namespace: String, virtualService: VirtualService) -> [CompiledMirror] {
        var policies: [(Destination, Double)] = []
        if let mirror = http.mirror {
            // Why: mirrorPercentage absent ⇒ 100 %; the deprecated integer field is the fallback.
            policies.append((mirror, http.mirrorPercentage?.value ?? http.mirrorPercent.map(Double.init) ?? 100))
        }
        for policy in http.mirrors ?? [] {
            if let destination = policy.destination { policies.append((destination, policy.percentage?.value ?? 100)) }
        }
        return policies.compactMap { destination, percent in
            let resolved = resolve(destination, namespace: namespace, virtualService: virtualService)
            guard let cluster = resolved.cluster, percent > 0 else { return nil }
            return CompiledMirror(cluster: cluster, ppm: Self.ppm(percent))
        }
    }

    /// `host` / `:authority` in `headers.request.set` is turned into an authority rewrite by Istio.
    static func hostHeader(in set: [String: String]?) -> String? {
        set?.first { $0.key.lowercased() == "host" || $0.key == ":authority" }?.value
    }

    /// Route-level then destination-level operations (destination wins, §3.6).
    static func merge(_ route: IstioHeaders?, _ destination: IstioHeaders?) -> (
        request: HeaderOperations, response: HeaderOperations
    ) {
        func combine(_ first: IstioHeaderOperations?, _ second: IstioHeaderOperations?, dropHost: Bool)
            -> HeaderOperations
        {
            var set = (first?.set ?? [:]).merging(second?.set ?? [:]) { $1 }
            if dropHost { set = set.filter { $0.key.lowercased() != "host" && $0.key != ":authority" } }
            let add = (first?.add ?? [:]).merging(second?.add ?? [:]) { $1 }
            let remove = (first?.remove ?? []) + (second?.remove ?? [])
            return HeaderOperations(
                set: Dictionary(uniqueKeysWithValues: set.map { ($0.key.lowercased(), $0.value) }),
                add: Dictionary(add.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 }),
                remove: remove.map { $0.lowercased() })
        }
        return (
            combine(route?.request, destination?.request, dropHost: true),
            combine(route?.response, destination?.response, dropHost: false)
        )
    }

    /// Istio `retry.ConvertPolicy`: absent ⇒ mesh default; `attempts: 0` ⇒ disabled; numeric
    /// `retryOn` tokens become retriable status codes.
    static func retryPolicy(_ retries: HTTPRetry?) -> RetryPolicy {
        guard let retries else { return .istioDefault }
        let attempts = retries.attempts ?? 0
        if attempts <= 0 {
            return RetryPolicy(attempts: 0, perTryTimeoutMilliseconds: nil, retryOn: [], retriableStatusCodes: [])
        }
        var retryOn = RetryPolicy.istioDefault.retryOn
        var codes = Set<Int>()
        if let text = retries.retryOn, !text.isEmpty {
            retryOn = []
            for token in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let code = Int(token) {
                    codes.insert(code)
                    retryOn.insert("retriable-status-codes")
                } else {
                    retryOn.insert(token)
                }
            }
        }
        return RetryPolicy(
            attempts: attempts, perTryTimeoutMilliseconds: retries.perTryTimeout.flatMap(IstioDuration.milliseconds),
            retryOn: retryOn, retriableStatusCodes: codes, retryRemoteLocalities: retries.retryRemoteLocalities ?? false
        )
    }
}
