/// `ValidateService` (kubernetes `pkg/apis/core/validation`): type, ports, selector.
enum ServiceValidation {
    static let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
    static let affinities = ["ClientIP", "None"]

    /// Checks a Service spec.
    static func validate(_ spec: ServiceSpec) -> [FieldError] {
        var errors: [FieldError] = []
        let type = spec.type ?? "ClusterIP"
        if !types.contains(type) { errors.append(FieldErrors.notSupported("spec.type", type, types)) }
        let headless = spec.clusterIP == "None"
        let ports = spec.ports ?? []
        if ports.isEmpty, !headless, type != "ExternalName" { errors.append(FieldErrors.required("spec.ports")) }
        if type == "ExternalName", (spec.externalName ?? "").isEmpty {
            errors.append(FieldErrors.required("spec.externalName"))
        }
        if let affinity = spec.sessionAffinity, !affinities.contains(affinity) {
            errors.append(FieldErrors.notSupported("spec.sessionAffinity", affinity, affinities))
        }
        var names = Set<String>()
        var keys = Set<String>()
        for (index, port) in ports.enumerated() {
            let base = FieldErrors.element("spec.ports", index)
            let name = port.name ?? ""
            if ports.count > 1, name.isEmpty { errors.append(FieldErrors.required("\(base).name")) }
            if !name.isEmpty {
                for message in NameRules.dns1123Label(name) {
                    errors.append(FieldErrors.invalid("\(base).name", .string(name), message))
                }
                if !names.insert(name).inserted { errors.append(FieldErrors.duplicate("\(base).name", .string(name))) }
            }
            for message in NameRules.portNumber(port.port) {
                errors.append(FieldErrors.invalid("\(base).port", .int(port.port), message))
            }
            let proto = port.protocol_ ?? "TCP"
            if !PodSpecValidation.protocols.contains(proto) {
                errors.append(FieldErrors.notSupported("\(base).protocol", proto, PodSpecValidation.protocols))
            }
            if !keys.insert("\(port.port)/\(proto)").inserted {
                errors.append(FieldErrors.duplicate(base, .string("\(port.port)/\(proto)")))
            }
            errors += targetPort(port.targetPort, path: "\(base).targetPort")
            if let nodePort = port.nodePort, nodePort != 0 {
                if type == "ClusterIP" || type == "ExternalName" {
                    errors.append(FieldErrors.forbidden("\(base).nodePort", "may not be used when `type` is '\(type)'"))
                } else {
                    for message in NameRules.portNumber(nodePort) {
                        errors.append(FieldErrors.invalid("\(base).nodePort", .int(nodePort), message))
                    }
                }
            }
        }
        errors += KubernetesValidation.validateLabels(spec.selector ?? [:], path: "spec.selector")
        return errors
    }

    /// A number in 1...65535 or an IANA port name (`http`) of a container port.
    private static func targetPort(_ value: IntOrString?, path: String) -> [FieldError] {
        switch value {
        case .int(let number)?:
            return NameRules.portNumber(number).map { FieldErrors.invalid(path, .int(number), $0) }
        case .string(let name)?:
            return NameRules.portName(name).map { FieldErrors.invalid(path, .string(name), $0) }
        case nil:
            return []
        }
    }
}
