import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct EndpointsPlannerTests {
    static func pod(
        _ name: String, ip: String?, ready: Bool = true, labels: [String: String] = ["app": "reviews"],
        portName: String? = "http", port: Int = 9080, terminating: Bool = false, phase: String = "Running"
    ) -> Pod {
        var pod = Pod(
            metadata: ObjectMeta(name: name, namespace: "default", labels: labels),
            spec: PodSpec(containers: [
                Container(name: "app", image: "x", ports: [ContainerPort(name: portName, containerPort: port)])
            ]),
            status: PodStatus(phase: phase))
        pod.metadata.uid = "uid-\(name)"
        pod.spec.nodeName = "meshsim"
        pod.status?.podIP = ip
        pod.status?.conditions = [Condition(type: "Ready", status: ready ? "True" : "False")]
        if terminating { pod.metadata.deletionTimestamp = Timestamp.format(Fixture.t0) }
        return pod
    }

    static func service(_ ports: [ServicePort]) -> Service {
        Service(
            metadata: ObjectMeta(name: "reviews", namespace: "default", labels: ["app": "reviews"]),
            spec: ServiceSpec(selector: ["app": "reviews"], ports: ports))
    }

    @Test func readyNotReadyTerminatingAndForeign() throws {
        let pods = [
            Self.pod("b", ip: "10.244.0.10"), Self.pod("a", ip: "10.244.0.9"),
            Self.pod("slow", ip: "10.244.1.3", ready: false),
            Self.pod("dying", ip: "10.244.1.4", terminating: true), Self.pod("noip", ip: nil),
            Self.pod("done", ip: "10.244.1.5", phase: "Succeeded"),
            Self.pod("other", ip: "10.244.1.6", labels: ["app": "ratings"]),
        ]
        let endpoints = try #require(
            EndpointsPlanner.endpoints(
                for: Self.service([ServicePort(name: "http", port: 9080, targetPort: .string("http"))]), pods: pods))
        let subsets = try #require(endpoints.subsets)
        #expect(subsets.count == 1)
        #expect(subsets[0].addresses?.map(\.ip) == ["10.244.0.9", "10.244.0.10"])
        #expect(subsets[0].notReadyAddresses?.map(\.ip) == ["10.244.1.3"])
        #expect(subsets[0].ports == [EndpointPort(name: "http", port: 9080)])
        #expect(subsets[0].addresses?[0].targetRef?.name == "a")
        #expect(subsets[0].addresses?[0].nodeName == "meshsim")
        #expect(endpoints.metadata.name == "reviews" && endpoints.metadata.labels == ["app": "reviews"])
        #expect(ServicePrinters.format(endpoints) == "10.244.0.9:9080,10.244.0.10:9080")
    }

    @Test func namedTargetPortsSplitSubsets() throws {
        let pods = [
            Self.pod("v1", ip: "10.244.0.2", port: 9080), Self.pod("v2", ip: "10.244.0.3", portName: "web", port: 8080),
        ]
        let service = Self.service([
            ServicePort(name: "http", port: 80, targetPort: .string("http")),
            ServicePort(name: "metrics", port: 9090, targetPort: .int(9090)),
        ])
        let subsets = try #require(EndpointsPlanner.endpoints(for: service, pods: pods)?.subsets)
        #expect(subsets.map { $0.addresses?.map(\.ip) ?? [] } == [["10.244.0.2"], ["10.244.0.2", "10.244.0.3"]])
        #expect(subsets.map { $0.ports?.map(\.port) ?? [] } == [[9080], [9090]])
    }

    @Test func selectorlessServiceIsUnmanaged() {
        #expect(
            EndpointsPlanner.endpoints(
                for: Service(metadata: ObjectMeta(name: "x"), spec: ServiceSpec(selector: nil, ports: nil)), pods: [])
                == nil)
        let empty = EndpointsPlanner.endpoints(for: Self.service([ServicePort(port: 80)]), pods: [])
        #expect(empty?.subsets == nil)
        #expect(empty.map(ServicePrinters.format) == "<none>")
    }

    @Test func printerTruncatesAfterThree() {
        let pods = (2...6).map { Self.pod("p\($0)", ip: "10.244.0.\($0)") }
        let endpoints = EndpointsPlanner.endpoints(for: Self.service([ServicePort(port: 9080)]), pods: pods)!
        #expect(ServicePrinters.format(endpoints) == "10.244.0.2:9080,10.244.0.3:9080,10.244.0.4:9080 + 2 more...")
    }
}
