extension IstioValidation {
    /// Validates a ServiceEntry (`ValidateServiceEntry`).
    public static func validate(_ entry: ServiceEntry) -> [FieldError] {
        var list = FieldErrorList()
        let spec = entry.spec
        let hosts = spec.hosts ?? []
        if hosts.isEmpty { list.add("spec.hosts", "service entry must have at least one host") }
        for (index, host) in hosts.enumerated() {
            list.add("spec.hosts[\(index)]", host == "*" ? "invalid host \(host)" : wildcardDomainError(host))
        }
        if spec.workloadSelector != nil && spec.endpoints != nil {
            list.add("spec", "only one of WorkloadSelector or Endpoints is allowed in Service Entry")
        }
        let resolution = spec.resolution ?? "NONE"
        if !["NONE", "STATIC", "DNS", "DNS_ROUND_ROBIN", "DYNAMIC_DNS"].contains(resolution) {
            list.add("spec.resolution", "unknown value \(quoted(resolution)) for enum resolution")
        }
        if let location = spec.location, !["MESH_EXTERNAL", "MESH_INTERNAL"].contains(location) {
            list.add("spec.location", "unknown value \(quoted(location)) for enum location")
        }
        var portNames = Set<String>()
        var portNumbers = Set<Int>()
        for (index, port) in (spec.ports ?? []).enumerated() {
            let path = "spec.ports[\(index)]"
            let name = port.name ?? ""
            if portNames.contains(name) {
                list.add("\(path).name", "service entry port name \(quoted(name)) already defined")
            }
            portNames.insert(name)
            let number = port.number ?? 0
            if portNumbers.contains(number) {
                list.add("\(path).number", "service entry port \(number) already defined")
            }
            portNumbers.insert(number)
            list.add("\(path).number", portError(number))
            if let target = port.targetPort { list.add("\(path).targetPort", portError(target)) }
            let proto = (port.protocol ?? "").uppercased()
            if !proto.isEmpty && !gatewayProtocols.contains(proto) {
                list.add("\(path).protocol", "unsupported protocol: \(port.protocol ?? "")")
            }
        }
        for (index, endpoint) in (spec.endpoints ?? []).enumerated() {
            let path = "spec.endpoints[\(index)]"
            let address = endpoint.address ?? ""
            if address.isEmpty {
                list.add("\(path).address", "address is required")
            } else if resolution == "STATIC" && !isIPAddress(address) && !address.hasPrefix("unix://") {
                list.add("\(path).address", "endpoint address \(quoted(address)) is not a valid IP address")
            }
            for (name, port) in (endpoint.ports ?? [:]).sorted(by: { $0.key < $1.key }) {
                if !portNames.contains(name) {
                    list.add("\(path).ports.\(name)", "endpoint port \(port) is not defined by the service entry")
                }
                list.add("\(path).ports.\(name)", portError(port))
            }
        }
        if resolution == "NONE" && !(spec.endpoints ?? []).isEmpty {
            list.add("spec.endpoints", "no endpoints should be provided for resolution type none")
        }
        return list.errors
    }
}
