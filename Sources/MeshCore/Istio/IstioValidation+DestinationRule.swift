extension IstioValidation {
    /// Load-balancer names the API accepts.
    static let simpleLoadBalancers: Set<String> = [
        "UNSPECIFIED", "LEAST_CONN", "RANDOM", "PASSTHROUGH", "ROUND_ROBIN", "LEAST_REQUEST",
    ]

    /// Validates a DestinationRule (`ValidateDestinationRule`).
    public static func validate(_ rule: DestinationRule) -> [FieldError] {
        var list = FieldErrorList()
        list.add("spec.host", wildcardDomainError(rule.spec.host ?? ""))
        if let policy = rule.spec.trafficPolicy {
            validateTrafficPolicy(policy, path: "spec.trafficPolicy", into: &list)
        }
        var names = Set<String>()
        for (index, subset) in (rule.spec.subsets ?? []).enumerated() {
            let path = "spec.subsets[\(index)]"
            let name = subset.name ?? ""
            if names.contains(name) { list.add("\(path).name", "duplicate subset names: \(name)") }
            names.insert(name)
            list.add("\(path).name", subsetNameError(name))
            if let policy = subset.trafficPolicy {
                validateTrafficPolicy(policy, path: "\(path).trafficPolicy", into: &list)
            }
        }
        return list.errors
    }

    static func validateTrafficPolicy(_ policy: TrafficPolicy, path: String, into list: inout FieldErrorList) {
        if policy.loadBalancer == nil && policy.connectionPool == nil && policy.outlierDetection == nil
            && policy.tls == nil && (policy.portLevelSettings ?? []).isEmpty && policy.tunnel == nil
            && policy.proxyProtocol == nil && policy.retryBudget == nil
        {
            list.add(path, "traffic policy must have at least one field")
        }
        validatePolicyParts(
            policy.loadBalancer, policy.connectionPool, policy.outlierDetection, path: path, into: &list)
        for (index, portPolicy) in (policy.portLevelSettings ?? []).enumerated() {
            let portPath = "\(path).portLevelSettings[\(index)]"
            if portPolicy.port == nil { list.add("\(portPath).port", "portTrafficPolicy must have valid port") }
            if portPolicy.loadBalancer == nil && portPolicy.connectionPool == nil
                && portPolicy.outlierDetection == nil && portPolicy.tls == nil
            {
                list.add(portPath, "port traffic policy must have at least one field")
            }
            validatePolicyParts(
                portPolicy.loadBalancer, portPolicy.connectionPool, portPolicy.outlierDetection, path: portPath,
                into: &list)
        }
    }

    private static func validatePolicyParts(
        _ loadBalancer: TrafficPolicy.LoadBalancer?, _ pool: TrafficPolicy.ConnectionPool?,
        _ outlier: TrafficPolicy.OutlierDetection?, path: String, into list: inout FieldErrorList
    ) {
        if let simple = loadBalancer?.simple, !simpleLoadBalancers.contains(simple) {
            list.add("\(path).loadBalancer.simple", "unknown value \(quoted(simple)) for enum simple")
        }
        if let pool {
            if pool.tcp == nil && pool.http == nil {
                list.add("\(path).connectionPool", "connection pool must have at least one field")
            }
            let poolPath = "\(path).connectionPool"
            if let tcp = pool.tcp {
                if let value = tcp.maxConnections, value < 0 {
                    list.add("\(poolPath).tcp.maxConnections", "max connections must be non-negative")
                }
                if let timeout = tcp.connectTimeout {
                    list.add("\(poolPath).tcp.connectTimeout", IstioDuration.validationError(timeout))
                }
            }
            if let http = pool.http {
                let checks: [(String, Int?, String)] = [
                    (
                        "http1MaxPendingRequests", http.http1MaxPendingRequests,
                        "max pending requests must be non-negative"
                    ),
                    ("http2MaxRequests", http.http2MaxRequests, "max requests must be non-negative"),
                    (
                        "maxRequestsPerConnection", http.maxRequestsPerConnection,
                        "max requests per connection must be non-negative"
                    ),
                    ("maxRetries", http.maxRetries, "max retries must be non-negative"),
                ]
                for (field, value, message) in checks where (value ?? 0) < 0 {
                    list.add("\(poolPath).http.\(field)", message)
                }
            }
        }
        if let outlier {
            let outlierPath = "\(path).outlierDetection"
            if (outlier.consecutive5xxErrors ?? 0) < 0 || (outlier.consecutiveGatewayErrors ?? 0) < 0 {
                list.add(outlierPath, "outlier detection consecutive errors cannot be negative")
            }
            if let interval = outlier.interval {
                list.add("\(outlierPath).interval", IstioDuration.validationError(interval))
            }
            if let base = outlier.baseEjectionTime {
                list.add("\(outlierPath).baseEjectionTime", IstioDuration.validationError(base))
            }
            if let value = outlier.maxEjectionPercent, !(0...100).contains(value) {
                list.add("\(outlierPath).maxEjectionPercent", "max ejection percent must be in range [0, 100]")
            }
            if let value = outlier.minHealthPercent, !(0...100).contains(value) {
                list.add("\(outlierPath).minHealthPercent", "minimum health percent must be in range [0, 100]")
            }
        }
    }
}
