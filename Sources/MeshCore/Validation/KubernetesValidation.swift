/// kube-apiserver's validation of the Kubernetes kinds meshsim serves, with its field paths and messages.
/// Pure: run it on a defaulted object, as the API server validates after defaulting.
public enum KubernetesValidation {
    /// Why 256 KiB: apimachinery `TotalAnnotationSizeLimitB`.
    public static let totalAnnotationSizeLimit = 256 * 1024

    /// Every problem with a new object. Istio kinds get the generic metadata checks only; their spec
    /// validation lives with the Istio types.
    public static func validate(_ resource: AnyResource) -> [FieldError] {
        let kind = resource.resourceKind
        var errors = validateMetadata(resource.metadata, kind: kind)
        switch resource.base {
        case let deployment as Deployment: errors += WorkloadValidation.validate(deployment)
        case let replicaSet as ReplicaSet: errors += WorkloadValidation.validate(replicaSet)
        case let pod as Pod:
            errors += PodSpecValidation.validate(pod.spec, path: "spec")
        case let service as Service: errors += ServiceValidation.validate(service.spec)
        default: break
        }
        return errors
    }

    /// Problems with changing `old` into `new`: immutable fields (`field is immutable`).
    public static func validateUpdate(old: AnyResource, new: AnyResource) -> [FieldError] {
        var errors = validate(new)
        switch (old.base, new.base) {
        case (let old as Deployment, let new as Deployment):
            // Why: apps/v1 made the selector immutable (`ValidateDeploymentUpdate`).
            if let selector = new.spec.selector, old.spec.selector != selector {
                errors.append(FieldErrors.invalid("spec.selector", .selector(selector), "field is immutable"))
            }
        case (let old as ReplicaSet, let new as ReplicaSet):
            if old.spec.selector != new.spec.selector {
                errors.append(FieldErrors.invalid("spec.selector", .selector(new.spec.selector), "field is immutable"))
            }
        case (let old as Service, let new as Service):
            if let oldIP = old.spec.clusterIP, !oldIP.isEmpty, let newIP = new.spec.clusterIP, newIP != oldIP {
                errors.append(FieldErrors.invalid("spec.clusterIP", .string(newIP), "field is immutable"))
            }
        case (let old as Pod, let new as Pod):
            errors += PodSpecValidation.validateUpdate(old: old.spec, new: new.spec)
        default: break
        }
        return errors
    }

    /// kubectl's rendering of an Invalid status: `The Deployment "myapp" is invalid: spec.selector: Required value`,
    /// several causes joined inside `[...]`.
    public static func invalidMessage(kind: String, name: String, errors: [FieldError]) -> String {
        let causes = errors.map { "\($0.path): \($0.message)" }
        let body = causes.count == 1 ? causes[0] : "[\(causes.joined(separator: ", "))]"
        return "The \(kind) \"\(name)\" is invalid: \(body)"
    }

    /// `ValidateObjectMeta`: name, namespace, labels, annotations.
    public static func validateMetadata(_ metadata: ObjectMeta, kind: ResourceKind) -> [FieldError] {
        var errors: [FieldError] = []
        let name = metadata.name ?? ""
        if name.isEmpty {
            if (metadata.generateName ?? "").isEmpty {
                errors.append(FieldErrors.required("metadata.name", "name or generateName is required"))
            }
        } else {
            for message in nameRule(for: kind)(name) {
                errors.append(FieldErrors.invalid("metadata.name", .string(name), message))
            }
        }
        if kind.namespaced, let namespace = metadata.namespace, !namespace.isEmpty {
            for message in NameRules.dns1123Label(namespace) {
                errors.append(FieldErrors.invalid("metadata.namespace", .string(namespace), message))
            }
        }
        errors += validateLabels(metadata.labels ?? [:], path: "metadata.labels")
        errors += validateAnnotations(metadata.annotations ?? [:], path: "metadata.annotations")
        return errors
    }

    /// The name rule per kind: Services are DNS-1035 labels, Namespaces DNS-1123 labels, the rest subdomains.
    static func nameRule(for kind: ResourceKind) -> (String) -> [String] {
        switch (kind.group, kind.kind) {
        case ("", "Service"): NameRules.dns1035Label
        case ("", "Namespace"): NameRules.dns1123Label
        default: NameRules.dns1123Subdomain
        }
    }

    /// `ValidateLabels`: qualified-name keys and label values.
    public static func validateLabels(_ labels: [String: String], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        for key in labels.keys.sorted() {
            for message in NameRules.qualifiedName(key) {
                errors.append(FieldErrors.invalid(path, .string(key), message))
            }
            let value = labels[key] ?? ""
            for message in NameRules.labelValue(value) {
                errors.append(FieldErrors.invalid(path, .string(value), message))
            }
        }
        return errors
    }

    /// `ValidateAnnotations`: qualified-name keys (checked lowercased) and the 256 KiB total.
    public static func validateAnnotations(_ annotations: [String: String], path: String) -> [FieldError] {
        var errors: [FieldError] = []
        var total = 0
        for key in annotations.keys.sorted() {
            for message in NameRules.qualifiedName(key.lowercased()) {
                errors.append(FieldErrors.invalid(path, .string(key), message))
            }
            total += key.utf8.count + (annotations[key] ?? "").utf8.count
        }
        if total > totalAnnotationSizeLimit { errors.append(FieldErrors.tooLong(path, totalAnnotationSizeLimit)) }
        return errors
    }
}
