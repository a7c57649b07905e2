extension IstioValidation {
    /// Envoy retry-on tokens Istio accepts (`supportedRetryOnPolicies`).
    static let retryOnPolicies: Set<String> = [
        "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
        "refused-stream", "retriable-status-codes", "retriable-headers", "envoy-ratelimited",
        "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal", "resource-exhausted",
        "unavailable",
    ]

    static func validateRewrite(_ rewrite: HTTPRewrite, route: HTTPRoute, path: String, into list: inout FieldErrorList)
    {
        if rewrite.uri != nil && rewrite.uriRegexRewrite != nil {
            list.add(path, "rewrite may only contain one of URI or UriRegexRewrite")
        } else if rewrite.uri == nil && rewrite.uriRegexRewrite == nil && rewrite.authority == nil {
            list.add(
                path,
                "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified"
            )
        }
        if let regex = rewrite.uriRegexRewrite {
            if (regex.match ?? "").isEmpty || (regex.rewrite ?? "").isEmpty {
                list.add(
                    "\(path).uriRegexRewrite",
                    "UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified"
                )
            } else if let error = regexError(regex.match ?? "", where: "HTTPRewrite.UriRegexRewrite.Match") {
                list.add("\(path).uriRegexRewrite.match", "UriRegexRewrite has errors\n" + error)
            }
        }
        // Why: Istio turns `headers.request.set.host` into an authority rewrite; both at once is ambiguous.
        let setsHost = (route.headers?.request?.set ?? [:]).keys.contains {
            $0.lowercased() == "host" || $0 == ":authority"
        }
        if rewrite.authority != nil && setsHost {
            list.add("\(path).authority", "authority header cannot be set multiple times")
        }
    }

    static func validateRetries(_ retries: HTTPRetry, path: String, into list: inout FieldErrorList) {
        let attempts = retries.attempts ?? 0
        if attempts < 0 { list.add("\(path).attempts", "attempts cannot be negative") }
        if attempts == 0
            && (retries.perTryTimeout != nil || retries.retryOn != nil || retries.retryRemoteLocalities != nil)
        {
            list.add(path, "http retry policy configured when attempts are set to 0 (disabled)")
        }
        if let perTry = retries.perTryTimeout {
            list.add("\(path).perTryTimeout", IstioDuration.validationError(perTry))
        }
        if let retryOn = retries.retryOn, !retryOn.isEmpty {
            for token in retryOn.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                let isStatus = Int(token).map { (100...599).contains($0) } ?? false
                if !isStatus && !retryOnPolicies.contains(token) {
                    list.add("\(path).retryOn", "\(quoted(token)) is not a valid retryOn policy")
                }
            }
        }
        if let backoff = retries.backoff { list.add("\(path).backoff", IstioDuration.validationError(backoff)) }
    }

    static func validateFault(_ fault: HTTPFaultInjection, path: String, into list: inout FieldErrorList) {
        if fault.abort == nil && fault.delay == nil {
            list.add(path, "HTTP fault injection must have an abort and/or a delay")
        }
        if let abort = fault.abort {
            list.add("\(path).abort.percentage", percentageError(abort.percentage))
            if let status = abort.httpStatus {
                list.add("\(path).abort.httpStatus", httpStatusError(status))
            } else if abort.http2Error != nil {
                list.add("\(path).abort", "HTTP/2 abort fault injection not supported yet")
            }
        }
        if let delay = fault.delay {
            list.add("\(path).delay.percentage", percentageError(delay.percentage))
            if let percent = delay.percent, !(0...100).contains(percent) {
                list.add("\(path).delay.percent", "percentage \(percent) is not in range 0..100")
            }
            if let fixed = delay.fixedDelay {
                list.add("\(path).delay.fixedDelay", IstioDuration.validationError(fixed))
            }
            if delay.exponentialDelay != nil {
                list.add("\(path).delay.exponentialDelay", "exponentialDelay not supported yet")
            }
        }
    }

    static func validateMirrors(_ route: HTTPRoute, path: String, into list: inout FieldErrorList) {
        if route.mirror != nil && !(route.mirrors ?? []).isEmpty {
            list.add(path, "HTTP route cannot contain both mirror and mirrors")
        }
        if let mirror = route.mirror { validateDestination(mirror, path: "\(path).mirror", into: &list) }
        if let value = route.mirrorPercentage?.value {
            if value > 100 {
                list.add(
                    "\(path).mirrorPercentage",
                    "mirror_percentage must have a max value of 100 (it has \(goFloat(value)))")
            }
            if value < 0 {
                list.add(
                    "\(path).mirrorPercentage",
                    "mirror_percentage must have a min value of 0 (it has \(goFloat(value)))")
            }
        }
        if let percent = route.mirrorPercent, !(0...100).contains(percent) {
            list.add("\(path).mirrorPercent", "percentage \(percent) is not in range 0..100")
        }
        for (index, mirror) in (route.mirrors ?? []).enumerated() {
            let itemPath = "\(path).mirrors[\(index)]"
            guard let destination = mirror.destination else {
                list.add("\(itemPath).destination", "destination is required for mirrors")
                continue
            }
            validateDestination(destination, path: "\(itemPath).destination", into: &list)
            if let value = mirror.percentage?.value, value > 100 || value < 0 {
                let bound = value > 100 ? "max value of 100" : "min value of 0"
                list.add("\(itemPath).percentage", "mirror percentage must have a \(bound) (it has \(goFloat(value)))")
            }
        }
    }

    /// Go's `%f`: six decimals.
    static func goFloat(_ value: Double) -> String {
        let scaled = (abs(value) * 1_000_000).rounded()
        let whole = Int(scaled / 1_000_000)
        let fraction = Int(scaled.truncatingRemainder(dividingBy: 1_000_000))
        let digits = String(fraction)
        return (value < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits
    }
}
