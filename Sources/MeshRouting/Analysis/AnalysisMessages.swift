import Foundation

/// The message catalogue: codes, names, levels and text templates from istio `messages.yaml`.
enum Messages {
    static func make(
        _ code: String, _ name: String, _ level: AnalysisMessage.Level, on resource: ResourceRef, _ text: String
    ) -> AnalysisMessage {
        AnalysisMessage(
            code: code, name: name, level: level, kind: resource.kind, namespace: resource.namespace,
            resourceName: resource.name, text: text)
    }

    static func referencedResourceNotFound(_ resource: ResourceRef, _ what: String, _ value: String) -> AnalysisMessage
    {
        make(
            "IST0101", "ReferencedResourceNotFound", .error, on: resource,
            "Referenced \(what) not found: \(goQuote(value))")
    }

    static func namespaceNotInjected(_ namespace: String) -> AnalysisMessage {
        make(
            "IST0102", "NamespaceNotInjected", .info,
            on: ResourceRef(kind: "Namespace", namespace: "", name: namespace),
            "The namespace is not enabled for Istio injection. Run 'kubectl label namespace \(namespace) istio-injection=enabled' to enable it, or 'kubectl label namespace \(namespace) istio-injection=disabled' to explicitly mark it as not needing injection."
        )
    }

    static func podMissingProxy(_ resource: ResourceRef) -> AnalysisMessage {
        make(
            "IST0103", "PodMissingProxy", .warning, on: resource,
            "The pod \(resource.name) is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload."
        )
    }

    static func schemaValidationError(_ resource: ResourceRef, _ error: String) -> AnalysisMessage {
        make("IST0106", "SchemaValidationError", .error, on: resource, "Schema validation error: \(error)")
    }

    static func conflictingMeshGatewayHosts(_ resource: ResourceRef, _ names: String, _ host: String)
        -> AnalysisMessage
    {
        make(
            "IST0109", "ConflictingMeshGatewayVirtualServiceHosts", .error, on: resource,
            "The VirtualServices \(names) associated with mesh gateway define the same host \(host) which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."
        )
    }

    static func gatewayPortNotDefinedOnService(_ resource: ResourceRef, _ port: Int, _ selector: String)
        -> AnalysisMessage
    {
        make(
            "IST0162", "GatewayPortNotDefinedOnService", .warning, on: resource,
            "The gateway is listening on a target port (port \(port)) that is not defined in the Service associated with its workload instances (Pod selector \(selector)). If you need to access the gateway port through the gateway Service, it will not be available."
        )
    }

    static func portSelectorRequired(_ resource: ResourceRef, _ host: String, _ ports: [Int]) -> AnalysisMessage {
        let list = "[" + ports.map(String.init).joined(separator: " ") + "]"
        return make(
            "IST0112", "VirtualServiceDestinationPortSelectorRequired", .error, on: resource,
            "This VirtualService routes to a service \(goQuote(host)) that exposes multiple ports \(list). Specifying a port in the destination is required to disambiguate."
        )
    }

    static func portNameConvention(_ resource: ResourceRef, _ name: String, _ port: Int, _ target: String)
        -> AnalysisMessage
    {
        make(
            "IST0118", "PortNameIsNotUnderNamingConvention", .info, on: resource,
            "Port name \(name) (port: \(port), targetPort: \(target)) doesn't follow the naming convention of Istio port."
        )
    }

    static func unreachableRule(_ resource: ResourceRef, _ rule: String, _ reason: String) -> AnalysisMessage {
        make(
            "IST0130", "VirtualServiceUnreachableRule", .warning, on: resource,
            "VirtualService rule \(rule) not used (\(reason)).")
    }

    static func ineffectiveMatch(_ resource: ResourceRef, _ rule: String, _ match: String, _ earlier: String)
        -> AnalysisMessage
    {
        make(
            "IST0131", "VirtualServiceIneffectiveMatch", .info, on: resource,
            "VirtualService rule \(rule) match \(match) is not used (duplicate/overlapping match in rule \(earlier)).")
    }

    static func hostNotFoundInGateway(_ resource: ResourceRef, _ hosts: [String], _ gateway: String) -> AnalysisMessage
    {
        make(
            "IST0132", "VirtualServiceHostNotFoundInGateway", .warning, on: resource,
            "one or more host [\(hosts.joined(separator: " "))] defined in VirtualService \(resource.namespace)/\(resource.name) not found in Gateway \(gateway)."
        )
    }

    static func conflictingGateways(
        _ resource: ResourceRef, _ others: String, _ selector: String, _ port: Int, _ hosts: String
    )
        -> AnalysisMessage
    {
        make(
            "IST0145", "ConflictingGateways", .error, on: resource,
            "Conflict with gateways \(others) (workload selector \(selector), port \(port), hosts \(hosts)).")
    }

    static func subsetSelectsNoPods(_ resource: ResourceRef, _ subset: String) -> AnalysisMessage {
        make(
            "IST0173", "DestinationRuleSubsetNotSelectPods", .error, on: resource,
            "The Subset \(subset) defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream)."
        )
    }

    static func unknownDestinationRuleHost(_ resource: ResourceRef, _ host: String) -> AnalysisMessage {
        make(
            "IST0174", "UnknownDestinationRuleHost", .warning, on: resource,
            "The host \(host) defined in the DestinationRule does not match any services in the mesh.")
    }

    /// Go's `%q`.
    static func goQuote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Kind, namespace, name of the resource a message is about.
struct ResourceRef: Sendable, Hashable {
    let kind: String
    let namespace: String
    let name: String
}
