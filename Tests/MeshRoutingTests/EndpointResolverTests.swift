import MeshCore
import MeshRouting
import Testing

@Suite("Endpoints from Services and pods", .timeLimit(.minutes(1)))
struct EndpointResolverTests {
    static func pod(_ name: String, version: String, ready: Bool, namespace: String = "default") -> Pod {
        var meta = ObjectMeta(
            name: name, namespace: namespace,
            labels: ["app": "myapp", "version": version, "pod-template-hash": "78b9f5c87f"])
        meta.ownerReferences = [
            OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "myapp-\(version)-78b9f5c87f", uid: "u")
        ]
        var container = Container(name: "app", image: "myapp")
        container.ports = [ContainerPort(name: "http", containerPort: 8080)]
        var status = PodStatus(phase: "Running")
        status.podIP = "10.244.0.\(name.count)"
        status.conditions = [Condition(type: "Ready", status: ready ? "True" : "False")]
        return Pod(metadata: meta, spec: PodSpec(containers: [container]), status: status)
    }

    @Test("Only Ready pods of the Service's namespace and selector; named targetPort resolved to the local port")
    func resolve() throws {
        var service = Fixture.service("myapp")
        service.spec.ports = [ServicePort(name: "http", port: 80, targetPort: .string("http"))]
        let pods = [
            Self.pod("myapp-v1-a", version: "v1", ready: true), Self.pod("myapp-v2-b", version: "v2", ready: false),
            Self.pod("myapp-v1-c", version: "v1", ready: true, namespace: "shop"),
        ]
        let result = EndpointResolver.endpoints(services: [service], pods: pods) { pod, port in
            pod.metadata.nameOrEmpty == "myapp-v1-a" && port == 8080 ? 41000 : nil
        }
        let endpoint = try #require(result.first?.endpoints.first)
        #expect(result.first?.endpoints.count == 1)
        #expect(endpoint.podName == "myapp-v1-a" && endpoint.workload == "myapp-v1")
        #expect(endpoint.port == 8080 && endpoint.localPort == 41000 && endpoint.address == "10.244.0.10")
        var snapshot = Fixture.seed()
        snapshot.services = [service]
        snapshot.endpoints = result
        let table = RouteTable(snapshot: snapshot)
        #expect(
            table.cluster(named: "outbound|80|v1|myapp.default.svc.cluster.local")?.endpoints.map(\.localPort) == [
                41000
            ])
        // The not-ready v2 pod leaves its subset empty: half the split answers 503 UH.
        #expect(table.cluster(named: "outbound|80|v2|myapp.default.svc.cluster.local")?.endpoints.isEmpty == true)
    }

    @Test("A snapshot can be filled from type-erased store objects")
    func fromResources() {
        let seed = Fixture.seed()
        let resources: [AnyResource] =
            seed.gateways.map(AnyResource.init) + seed.virtualServices.map(AnyResource.init)
            + seed.destinationRules.map(AnyResource.init) + seed.services.map(AnyResource.init)
            + [AnyResource(Namespace(name: "default"))]
        let snapshot = RoutingSnapshot(resources: resources, endpoints: seed.endpoints, version: 7)
        #expect(snapshot.gateways == seed.gateways && snapshot.virtualServices == seed.virtualServices)
        #expect(snapshot.namespaces.count == 1 && snapshot.version == 7)
        #expect(RouteTable(snapshot: snapshot).version == 7)
        #expect(RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward != nil)
    }

    @Test("A daemon pod's endpoint: its app's ports reach its server, others are refused, a sidecar takes any")
    func daemonEndpoint() {
        let plain = Self.pod("web-1", version: "v1", ready: true)
        let served = EndpointResolver.endpoint(for: plain, address: "10.244.0.5", port: 8080, localPort: 40000)
        #expect(served.localPort == 40000 && served.localPorts == [8080: 40000] && served.principal.isEmpty)
        #expect(served.namedPorts == ["http": 8080] && served.workload == "myapp-v1")
        let other = EndpointResolver.endpoint(for: plain, address: "10.244.0.5", port: 9090, localPort: 40000)
        #expect(other.localPort == UpstreamEndpoint.closedPort && !other.isListening)
        var undeclared = plain
        undeclared.spec.containers[0].ports = nil
        let any = EndpointResolver.endpoint(for: undeclared, address: "10.244.0.5", port: 9090, localPort: 40000)
        #expect(any.localPort == 40000 && any.localPorts.isEmpty)
        var injected = plain
        injected.spec.containers.append(Container(name: "istio-proxy", image: "istio/proxyv2"))
        let sidecar = EndpointResolver.endpoint(for: injected, address: "10.244.0.5", port: 9090, localPort: 40000)
        #expect(sidecar.localPort == 40000 && sidecar.principal == "spiffe://cluster.local/ns/default/sa/default")
        #expect(sidecar.sidecarRefuses && !served.sidecarRefuses)
    }
}
