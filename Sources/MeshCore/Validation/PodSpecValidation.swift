/// `ValidatePodSpec` and `ValidateContainers` (kubernetes `pkg/apis/core/validation`), the parts a
/// tutorial reader can get wrong.
enum PodSpecValidation {
    static let restartPolicies = ["Always", "OnFailure", "Never"]
    static let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
    static let pullPolicies = ["Always", "IfNotPresent", "Never"]
    static let messagePolicies = ["File", "FallbackToLogsOnError"]
    static let protocols = ["SCTP", "TCP", "UDP"]

    /// Checks a pod spec found at `path` (`spec`, or `spec.template.spec`).
    static func validate(_ spec: PodSpec, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        if spec.containers.isEmpty { errors.append(FieldErrors.required("\(path).containers")) }
        var names = Set<String>()
        errors += containers(spec.initContainers ?? [], path: "\(path).initContainers", names: &names)
        errors += containers(spec.containers, path: "\(path).containers", names: &names)
        if let policy = spec.restartPolicy, !restartPolicies.contains(policy) {
            errors.append(FieldErrors.notSupported("\(path).restartPolicy", policy, restartPolicies))
        }
        if let policy = spec.dnsPolicy, !dnsPolicies.contains(policy) {
            errors.append(FieldErrors.notSupported("\(path).dnsPolicy", policy, dnsPolicies))
        }
        if let seconds = spec.activeDeadlineSeconds, seconds < 1 {
            errors.append(
                FieldErrors.invalid(
                    "\(path).activeDeadlineSeconds", .int(seconds), "must be between 1 and 2147483647, inclusive"))
        }
        if let seconds = spec.terminationGracePeriodSeconds, seconds < 0 {
            errors.append(
                FieldErrors.invalid(
                    "\(path).terminationGracePeriodSeconds", .int(seconds), "must be greater than or equal to 0"))
        }
        errors += KubernetesValidation.validateLabels(spec.nodeSelector ?? [:], path: "\(path).nodeSelector")
        return errors
    }

    private static func containers(_ containers: [Container], path: String, names: inout Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, container) in containers.enumerated() {
            let base = FieldErrors.element(path, index)
            if container.name.isEmpty {
                errors.append(FieldErrors.required("\(base).name"))
            } else {
                for message in NameRules.dns1123Label(container.name) {
                    errors.append(FieldErrors.invalid("\(base).name", .string(container.name), message))
                }
                if !names.insert(container.name).inserted {
                    errors.append(FieldErrors.duplicate("\(base).name", .string(container.name)))
                }
            }
            if (container.image ?? "").isEmpty { errors.append(FieldErrors.required("\(base).image")) }
            if let policy = container.imagePullPolicy, !pullPolicies.contains(policy) {
                errors.append(FieldErrors.notSupported("\(base).imagePullPolicy", policy, pullPolicies))
            }
            if let policy = container.terminationMessagePolicy, !messagePolicies.contains(policy) {
                errors.append(FieldErrors.notSupported("\(base).terminationMessagePolicy", policy, messagePolicies))
            }
            errors += ports(container.ports ?? [], path: "\(base).ports")
            errors += env(container.env ?? [], path: "\(base).env")
            errors += resources(container.resources, path: "\(base).resources")
        }
        return errors
    }

    private static func ports(_ ports: [ContainerPort], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set<String>()
        for (index, port) in ports.enumerated() {
            let base = FieldErrors.element(path, index)
            if let name = port.name, !name.isEmpty {
                for message in NameRules.portName(name) {
                    errors.append(FieldErrors.invalid("\(base).name", .string(name), message))
                }
                if !names.insert(name).inserted { errors.append(FieldErrors.duplicate("\(base).name", .string(name))) }
            }
            if port.containerPort == 0 {
                errors.append(FieldErrors.required("\(base).containerPort"))
            } else {
                for message in NameRules.portNumber(port.containerPort) {
                    errors.append(FieldErrors.invalid("\(base).containerPort", .int(port.containerPort), message))
                }
            }
            if let hostPort = port.hostPort, hostPort != 0 {
                for message in NameRules.portNumber(hostPort) {
                    errors.append(FieldErrors.invalid("\(base).hostPort", .int(hostPort), message))
                }
            }
            if let proto = port.protocol_ {
                if proto.isEmpty {
                    errors.append(FieldErrors.required("\(base).protocol"))
                } else if !protocols.contains(proto) {
                    errors.append(FieldErrors.notSupported("\(base).protocol", proto, protocols))
                }
            }
        }
        return errors
    }

    private static func env(_ variables: [EnvVar], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, variable) in variables.enumerated() {
            let base = FieldErrors.element(path, index)
            if variable.name.isEmpty {
                errors.append(FieldErrors.required("\(base).name"))
                continue
            }
            for message in NameRules.envVarName(variable.name) {
                errors.append(FieldErrors.invalid("\(base).name", .string(variable.name), message))
            }
        }
        return errors
    }

    private static func resources(_ resources: ResourceRequirements?, path: String) -> [FieldError] {
        guard let resources else { return [] }
        var errors: [FieldError] = []
        var parsed: [String: [String: Quantity]] = [:]
        for (group, values) in [("limits", resources.limits ?? [:]), ("requests", resources.requests ?? [:])] {
            for name in values.keys.sorted() {
                let text = values[name] ?? ""
                guard let quantity = Quantity(text) else {
                    errors.append(
                        FieldErrors.invalid(
                            FieldErrors.key("\(path).\(group)", name), .string(text),
                            "quantities must match the regular expression '\(Quantity.format)'"))
                    continue
                }
                if quantity.milliValue < 0 {
                    errors.append(
                        FieldErrors.invalid(
                            FieldErrors.key("\(path).\(group)", name), .string(text),
                            "must be greater than or equal to 0"))
                }
                parsed[group, default: [:]][name] = quantity
            }
        }
        for (name, request) in (parsed["requests"] ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let limit = parsed["limits"]?[name], request > limit {
                errors.append(
                    FieldErrors.invalid(
                        "\(path).requests", .string(request.text),
                        "must be less than or equal to \(name) limit of \(limit.text)"))
            }
        }
        return errors
    }

    /// Why: a Pod's spec is immutable apart from images and a few scheduling fields (`ValidatePodUpdate`).
    static func validateUpdate(old: PodSpec, new: PodSpec) -> [FieldError] {
        var relaxed = new
        for index in relaxed.containers.indices where index < old.containers.count {
            relaxed.containers[index].image = old.containers[index].image
        }
        relaxed.activeDeadlineSeconds = old.activeDeadlineSeconds
        relaxed.tolerations = old.tolerations
        relaxed.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds
        relaxed.nodeName = old.nodeName
        guard relaxed != old else { return [] }
        return [
            FieldErrors.forbidden(
                "spec",
                "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
            )
        ]
    }
}
