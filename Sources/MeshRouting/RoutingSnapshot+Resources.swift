import MeshCore

extension RoutingSnapshot {
    /// Builds a snapshot from store objects: each resource lands in its list, other kinds are ignored.
    public init(resources: [AnyResource], endpoints: [ServiceEndpoints] = [], version: Int = 0) {
        self.init(endpoints: endpoints, version: version)
        for resource in resources { add(resource.base) }
    }

    /// Files one resource into the matching list (Gateway, VirtualService, DestinationRule,
    /// ServiceEntry, Service, Pod, Namespace); other kinds are ignored.
    public mutating func add(_ resource: any KubeResource) {
        switch resource {
        case let gateway as Gateway: gateways.append(gateway)
        case let virtualService as VirtualService: virtualServices.append(virtualService)
        case let rule as DestinationRule: destinationRules.append(rule)
        case let entry as ServiceEntry: serviceEntries.append(entry)
        case let service as Service: services.append(service)
        case let pod as Pod: pods.append(pod)
        case let namespace as Namespace: namespaces.append(namespace)
        default: break
        }
    }
}
