/// `ValidateDeploymentSpec` and `ValidateReplicaSetSpec` (kubernetes `pkg/apis/apps/validation`).
enum WorkloadValidation {
    /// Deployment spec checks.
    static func validate(_ deployment: Deployment) -> [FieldError] {
        let spec = deployment.spec
        var errors = nonNegative(spec.replicas, "spec.replicas")
        errors += selector(spec.selector, template: spec.template)
        errors += template(spec.template)
        errors += strategy(spec.strategy)
        errors += nonNegative(spec.minReadySeconds, "spec.minReadySeconds")
        errors += nonNegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit")
        if let deadline = spec.progressDeadlineSeconds {
            errors += nonNegative(deadline, "spec.progressDeadlineSeconds")
            if deadline <= (spec.minReadySeconds ?? 0) {
                errors.append(
                    FieldErrors.invalid(
                        "spec.progressDeadlineSeconds", .int(deadline), "must be greater than minReadySeconds"))
            }
        }
        return errors
    }

    /// ReplicaSet spec checks.
    static func validate(_ replicaSet: ReplicaSet) -> [FieldError] {
        let spec = replicaSet.spec
        var errors = nonNegative(spec.replicas, "spec.replicas")
        errors += nonNegative(spec.minReadySeconds, "spec.minReadySeconds")
        errors += selector(spec.selector, template: spec.template)
        errors += template(spec.template)
        return errors
    }

    private static func nonNegative(_ value: Int?, _ path: String) -> [FieldError] {
        guard let value, value < 0 else { return [] }
        return [FieldErrors.invalid(path, .int(value), "must be greater than or equal to 0")]
    }

    private static func selector(_ selector: LabelSelector?, template: PodTemplateSpec) -> [FieldError] {
        guard let selector else { return [FieldErrors.required("spec.selector")] }
        var errors = validateSelector(selector, path: "spec.selector")
        if selector.isEmpty {
            errors.append(
                FieldErrors.invalid("spec.selector", .selector(selector), "empty selector is invalid for deployment"))
        } else if !selector.matches(template.metadata?.labels) {
            errors.append(
                FieldErrors.invalid(
                    "spec.template.metadata.labels", .stringMap(template.metadata?.labels ?? [:]),
                    "`selector` does not match template `labels`"))
        }
        return errors
    }

    /// `ValidateLabelSelector`: matchLabels as labels, operators and their value counts.
    static func validateSelector(_ selector: LabelSelector, path: String) -> [FieldError] {
        var errors = KubernetesValidation.validateLabels(selector.matchLabels ?? [:], path: "\(path).matchLabels")
        for (index, requirement) in (selector.matchExpressions ?? []).enumerated() {
            let base = FieldErrors.element("\(path).matchExpressions", index)
            let values = requirement.values ?? []
            switch requirement.operator {
            case "In", "NotIn":
                if values.isEmpty {
                    errors.append(
                        FieldErrors.required("\(base).values", "must be specified when `operator` is 'In' or 'NotIn'"))
                }
            case "Exists", "DoesNotExist":
                if !values.isEmpty {
                    errors.append(
                        FieldErrors.forbidden(
                            "\(base).values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                }
            default:
                errors.append(
                    FieldErrors.invalid(
                        "\(base).operator", .string(requirement.operator), "not a valid selector operator"))
            }
            for message in NameRules.qualifiedName(requirement.key) {
                errors.append(FieldErrors.invalid("\(base).key", .string(requirement.key), message))
            }
        }
        return errors
    }

    /// `ValidatePodTemplateSpecForReplicaSet`: labels, pod spec, and `restartPolicy: Always` only.
    private static func template(_ template: PodTemplateSpec) -> [FieldError] {
        var errors = KubernetesValidation.validateLabels(
            template.metadata?.labels ?? [:], path: "spec.template.metadata.labels")
        errors += KubernetesValidation.validateAnnotations(
            template.metadata?.annotations ?? [:], path: "spec.template.metadata.annotations")
        errors += PodSpecValidation.validate(template.spec, path: "spec.template.spec")
        if let policy = template.spec.restartPolicy, policy != "Always",
            PodSpecValidation.restartPolicies.contains(policy)
        {
            errors.append(FieldErrors.notSupported("spec.template.spec.restartPolicy", policy, ["Always"]))
        }
        return errors
    }

    private static func strategy(_ strategy: DeploymentStrategy?) -> [FieldError] {
        guard let strategy else { return [] }
        let type = strategy.type ?? "RollingUpdate"
        switch type {
        case "Recreate":
            if strategy.rollingUpdate != nil {
                return [
                    FieldErrors.forbidden(
                        "spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")
                ]
            }
            return []
        case "RollingUpdate":
            guard let update = strategy.rollingUpdate else { return [] }
            var errors = intOrPercent(update.maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable")
            errors += intOrPercent(update.maxSurge, "spec.strategy.rollingUpdate.maxSurge")
            if case .string(let text)? = update.maxUnavailable, let percent = Int(text.dropLast()), text.hasSuffix("%"),
                percent > 100
            {
                errors.append(
                    FieldErrors.invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable", .string(text), "must not be greater than 100%"))
            }
            if isZero(update.maxSurge), isZero(update.maxUnavailable) {
                errors.append(
                    FieldErrors.invalid(
                        "spec.strategy.rollingUpdate.maxUnavailable", .raw(update.maxUnavailable?.description ?? "0"),
                        "may not be 0 when `maxSurge` is 0"))
            }
            return errors
        default:
            return [FieldErrors.notSupported("spec.strategy.type", type, ["Recreate", "RollingUpdate"])]
        }
    }

    private static func intOrPercent(_ value: IntOrString?, _ path: String) -> [FieldError] {
        switch value {
        case .int(let number)?:
            return nonNegative(number, path)
        case .string(let text)?:
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else {
                return [
                    FieldErrors.invalid(
                        path, .string(text),
                        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
                    )
                ]
            }
            return percent < 0 ? [FieldErrors.invalid(path, .string(text), "must be greater than or equal to 0")] : []
        case nil:
            return []
        }
    }

    private static func isZero(_ value: IntOrString?) -> Bool {
        switch value {
        case .int(0)?, .string("0%")?, .string("0")?: true
        default: false
        }
    }
}
