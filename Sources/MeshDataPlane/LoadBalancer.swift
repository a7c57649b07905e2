import MeshRouting

/// Endpoint selection per `UpstreamCluster.loadBalancer`, as Envoy's per-worker balancers do.
enum LoadBalancer {
    /// What a hash policy may read from the request (read lazily: most policies need none).
    struct HashInput {
        var head: GatewayRequestHead
        var sourceIP: String
    }

    static func pick(
        policy: LoadBalancerPolicy, clusterName: String, from candidates: [UpstreamEndpoint], input: HashInput,
        state: GatewayLoopState
    ) -> UpstreamEndpoint? {
        guard !candidates.isEmpty else { return nil }
        if candidates.count == 1 { return candidates[0] }
        switch policy {
        case .roundRobin:
            let index = state.roundRobin[clusterName, default: Int(state.random.next() % UInt64(candidates.count))]
            state.roundRobin[clusterName] = index &+ 1
            return candidates[abs(index) % candidates.count]
        case .leastRequest:
            // Envoy's default for equal weights: power of two random choices, fewer active wins.
            let first = candidates[Int(state.random.next() % UInt64(candidates.count))]
            let second = candidates[Int(state.random.next() % UInt64(candidates.count))]
            return state.activeRequests(to: EndpointKey(second)) < state.activeRequests(to: EndpointKey(first))
                ? second : first
        case .random, .passthrough:
            return candidates[Int(state.random.next() % UInt64(candidates.count))]
        case .consistentHashHeader(let name):
            return hashed(candidates, key: input.head.first(name), state: state)  // compiled lower-case
        case .consistentHashSourceIP:
            return hashed(candidates, key: input.sourceIP, state: state)
        case .consistentHashQueryParameter(let name):
            return hashed(candidates, key: queryValue(input.head.uri, name: name), state: state)
        case .consistentHashCookie(let name):
            let cookies = input.head.all("cookie")
            return hashed(candidates, key: cookieValue(cookies, name: name), state: state)
        }
    }

    /// Rendezvous (highest-random-weight) hashing: the same key keeps the same endpoint while
    /// it stays in the set, and only its keys move when one leaves, like Envoy's ring hash.
    /// Without a key Envoy falls back to a random pick.
    private static func hashed(_ candidates: [UpstreamEndpoint], key: String?, state: GatewayLoopState)
        -> UpstreamEndpoint
    {
        guard let key else { return candidates[Int(state.random.next() % UInt64(candidates.count))] }
        let keyHash = fnv1a(key)
        var best = candidates[0]
        var bestScore: UInt64 = 0
        for endpoint in candidates {
            let score = mix(keyHash ^ fnv1a(endpoint.upstreamHost))
            if score >= bestScore {
                bestScore = score
                best = endpoint
            }
        }
        return best
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func queryValue(_ path: String, name: String) -> String? {
        guard let question = path.firstIndex(of: "?") else { return nil }
        for pair in path[path.index(after: question)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }

    static func cookieValue(_ headers: [String], name: String) -> String? {
        for header in headers {
            for cookie in header.split(separator: ";") {
                let parts = cookie.trimmingSpaces.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }
}
