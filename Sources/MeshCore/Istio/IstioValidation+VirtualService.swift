extension IstioValidation {
    /// Validates a VirtualService (`ValidateVirtualService`, modern relative-weight rules).
    public static func validate(_ virtualService: VirtualService) -> [FieldError] {
        var list = FieldErrorList()
        let spec = virtualService.spec
        let hosts = spec.hosts ?? []
        let gateways = spec.gateways ?? []
        let meshBound = gateways.isEmpty || gateways.contains("mesh")
        if hosts.isEmpty { list.add("spec.hosts", "virtual service must have at least one host") }
        for (index, host) in hosts.enumerated() {
            if host == "*" && meshBound {
                list.add(
                    "spec.hosts[\(index)]",
                    "wildcard host * is not allowed for virtual services bound to the mesh gateway")
            } else if host != "*" && !isIPAddress(host) {
                list.add("spec.hosts[\(index)]", wildcardDomainError(host))
            }
        }
        for (index, gateway) in gateways.enumerated() {
            list.add("spec.gateways[\(index)]", gatewayNameError(gateway))
        }
        let http = spec.http ?? []
        if http.isEmpty && (spec.tcp ?? []).isEmpty && (spec.tls ?? []).isEmpty {
            list.add("spec", "http, tcp or tls must be provided in virtual service")
        }
        for (index, route) in http.enumerated() {
            validateHTTPRoute(route, path: "spec.http[\(index)]", into: &list)
        }
        return list.errors
    }

    /// `validateGatewayNames`: `name`, `ns/name` or `mesh`.
    static func gatewayNameError(_ name: String) -> String? {
        let parts = name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return name == "mesh" ? nil : wildcardDomainError(name) }
        if parts[0].isEmpty || parts[1].isEmpty { return "config namespace and gateway name cannot be empty" }
        if !isDNS1123Label(parts[0]) { return "invalid value for namespace: \(quoted(parts[0]))" }
        if !isDNS1123Label(parts[1]) { return "invalid value for gateway name: \(quoted(parts[1]))" }
        return nil
    }

    private static func validateHTTPRoute(_ route: HTTPRoute, path: String, into list: inout FieldErrorList) {
        validateConflicts(route, path: path, into: &list)
        for (index, match) in (route.match ?? []).enumerated() {
            validateMatch(match, path: "\(path).match[\(index)]", into: &list)
        }
        validateDestinations(route.route ?? [], path: "\(path).route", into: &list)
        if let redirect = route.redirect { list.add("\(path).redirect", redirectError(redirect)) }
        if let direct = route.directResponse {
            list.add("\(path).directResponse.status", httpStatusError(direct.status ?? 0))
        }
        if let rewrite = route.rewrite { validateRewrite(rewrite, route: route, path: "\(path).rewrite", into: &list) }
        if let timeout = route.timeout { list.add("\(path).timeout", IstioDuration.validationError(timeout)) }
        if let retries = route.retries { validateRetries(retries, path: "\(path).retries", into: &list) }
        if let fault = route.fault { validateFault(fault, path: "\(path).fault", into: &list) }
        validateMirrors(route, path: path, into: &list)
    }

    private static func validateConflicts(_ route: HTTPRoute, path: String, into list: inout FieldErrorList) {
        let hasRoute = !(route.route ?? []).isEmpty
        if route.redirect != nil {
            if hasRoute { list.add(path, "HTTP route cannot contain both route and redirect") }
            if route.fault != nil { list.add(path, "HTTP route cannot contain both fault and redirect") }
            if route.rewrite != nil { list.add(path, "HTTP route rule cannot contain both rewrite and redirect") }
            if route.directResponse != nil {
                list.add(path, "HTTP route rule cannot contain both direct_response and redirect")
            }
        } else if route.directResponse != nil {
            if hasRoute { list.add(path, "HTTP route cannot contain both route and direct_response") }
            if route.fault != nil { list.add(path, "HTTP route cannot contain both fault and direct_response") }
            if route.rewrite != nil {
                list.add(path, "HTTP route rule cannot contain both rewrite and direct_response")
            }
        } else if !hasRoute && route.delegate == nil {
            list.add(path, "HTTP route, redirect or direct_response is required")
        }
    }

    private static func validateMatch(_ match: HTTPMatchRequest, path: String, into list: inout FieldErrorList) {
        let single: [(String, StringMatch?)] = [
            ("uri", match.uri), ("scheme", match.scheme), ("method", match.method), ("authority", match.authority),
        ]
        for (field, value) in single {
            if let value { list.add("\(path).\(field)", stringMatchError(value, where: field)) }
        }
        for (field, table) in [("headers", match.headers), ("withoutHeaders", match.withoutHeaders)] {
            for (name, value) in (table ?? [:]).sorted(by: { $0.key < $1.key }) {
                if name.isEmpty { list.add("\(path).\(field)", "header name cannot be empty") }
                list.add("\(path).\(field).\(name)", stringMatchError(value, where: "headers"))
            }
        }
        for (name, value) in (match.queryParams ?? [:]).sorted(by: { $0.key < $1.key }) {
            list.add("\(path).queryParams.\(name)", stringMatchError(value, where: "queryParams"))
        }
        if let port = match.port { list.add("\(path).port", portError(port)) }
        for (index, gateway) in (match.gateways ?? []).enumerated() {
            list.add("\(path).gateways[\(index)]", gatewayNameError(gateway))
        }
    }

    /// `validateStringMatch`: empty prefix/regex and regex compilation.
    static func stringMatchError(_ match: StringMatch, where field: String) -> String? {
        if let prefix = match.prefix, prefix.isEmpty {
            return "\(quoted(field)): prefix string match should not be empty"
        }
        if let regex = match.regex {
            if regex.isEmpty { return "\(quoted(field)): regex string match should not be empty" }
            return regexError(regex, where: field)
        }
        return nil
    }

    private static func validateDestinations(
        _ destinations: [HTTPRouteDestination], path: String, into list: inout FieldErrorList
    ) {
        var total = 0
        for (index, weighted) in destinations.enumerated() {
            let itemPath = "\(path)[\(index)]"
            if let destination = weighted.destination {
                validateDestination(destination, path: "\(itemPath).destination", into: &list)
            } else {
                list.add("\(itemPath).destination", "destination is required")
            }
            let weight = weighted.weight ?? 0
            if weight < 0 { list.add("\(itemPath).weight", "weight \(weight) < 0") }
            total += weight
        }
        if destinations.count > 1 && total == 0 { list.add(path, "total destination weight = 0") }
    }

    static func validateDestination(_ destination: Destination, path: String, into list: inout FieldErrorList) {
        let host = destination.host ?? ""
        if host == "*" {
            list.add("\(path).host", "invalid destination host *")
        } else {
            list.add("\(path).host", wildcardDomainError(host))
        }
        if let subset = destination.subset {
            list.add("\(path).subset", subsetNameError(subset))
        }
        if let port = destination.port { list.add("\(path).port.number", portError(port.number ?? 0)) }
    }

    /// `validateSubsetName`.
    static func subsetNameError(_ name: String) -> String? {
        if name.isEmpty { return "subset name cannot be empty" }
        return isDNS1123Label(name) ? nil : "subset name is invalid: \(name)"
    }

    /// `validateHTTPRedirect`.
    static func redirectError(_ redirect: HTTPRedirect) -> String? {
        if redirect.uri == nil && redirect.authority == nil && redirect.port == nil && redirect.scheme == nil
            && redirect.prefixRewrite == nil
        {
            return "redirect must specify URI, authority, scheme, or port"
        }
        if redirect.uri != nil && redirect.prefixRewrite != nil {
            return "redirect may only specify one of uri or prefix_rewrite"
        }
        if let code = redirect.redirectCode, code != 0, !(300...399).contains(code) {
            return "\(code) is not a valid redirect code, must be 3xx"
        }
        if let scheme = redirect.scheme, scheme != "http", scheme != "https" {
            return "invalid redirect scheme, must be \"http\" or \"https\""
        }
        if let port = redirect.port, port > 0 { return portError(port) }
        return nil
    }

    /// `validateHTTPStatus`.
    static func httpStatusError(_ status: Int) -> String? {
        (200...600).contains(status) ? nil : "HTTP status \(status) is not in range 200-599"
    }
}
