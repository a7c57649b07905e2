import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct PrinterTests {
    static func pod(
        _ name: String, phase: String, containers: [ContainerStatus], initStatuses: [ContainerStatus]? = nil,
        initCount: Int = 0, deleting: Bool = false
    ) -> Pod {
        var spec = PodSpec(containers: containers.map { Container(name: $0.name, image: nil) })
        if initCount > 0 { spec.initContainers = (0..<initCount).map { Container(name: "init\($0)", image: nil) } }
        var pod = Pod(
            metadata: ObjectMeta(name: name, namespace: "default"), spec: spec, status: PodStatus(phase: phase))
        pod.metadata.creationTimestamp = Timestamp.format(Fixture.t0)
        pod.status?.containerStatuses = containers
        pod.status?.initContainerStatuses = initStatuses
        if deleting { pod.metadata.deletionTimestamp = Timestamp.format(Fixture.t0) }
        return pod
    }

    static func cs(
        _ name: String, ready: Bool = true, running: Bool = true, waiting: String? = nil,
        terminated: (Int, String?)? = nil, restarts: Int = 0
    ) -> ContainerStatus {
        var state = ContainerState()
        if running && waiting == nil && terminated == nil { state.running = ContainerStateRunning(startedAt: nil) }
        if let waiting { state.waiting = ContainerStateWaiting(reason: waiting) }
        if let terminated { state.terminated = ContainerStateTerminated(exitCode: terminated.0, reason: terminated.1) }
        return ContainerStatus(name: name, image: "", ready: ready, restartCount: restarts, state: state)
    }

    static let statusCases: [(Pod, String, String)] = [
        (pod("a", phase: "Running", containers: [cs("app"), cs("istio-proxy")]), "2/2", "Running"),
        (
            pod("b", phase: "Pending", containers: [cs("app", ready: false, waiting: "ContainerCreating")]), "0/1",
            "ContainerCreating"
        ),
        (
            pod(
                "c", phase: "Pending", containers: [cs("app", ready: false, waiting: "PodInitializing")],
                initStatuses: [cs("init0", ready: false, waiting: "PodInitializing")], initCount: 1), "0/1", "Init:0/1"
        ),
        (
            pod(
                "d", phase: "Pending", containers: [cs("app", ready: false, waiting: "PodInitializing")],
                initStatuses: [cs("init0", ready: false, terminated: (0, "Completed")), cs("init1", ready: false)],
                initCount: 2), "0/1", "Init:1/2"
        ),
        (
            pod(
                "e", phase: "Pending", containers: [cs("app", ready: false, waiting: "PodInitializing")],
                initStatuses: [cs("init0", ready: false, waiting: "CrashLoopBackOff")], initCount: 1), "0/1",
            "Init:CrashLoopBackOff"
        ),
        (
            pod("f", phase: "Running", containers: [cs("app", ready: false, waiting: "CrashLoopBackOff", restarts: 4)]),
            "0/1", "CrashLoopBackOff"
        ),
        (
            pod("g", phase: "Succeeded", containers: [cs("app", ready: false, terminated: (0, "Completed"))]), "0/1",
            "Completed"
        ),
        (pod("h", phase: "Failed", containers: [cs("app", ready: false, terminated: (2, nil))]), "0/1", "ExitCode:2"),
        (pod("i", phase: "Running", containers: [cs("app")], deleting: true), "1/1", "Terminating"),
        (pod("j", phase: "Running", containers: [cs("app", ready: false)]), "0/1", "Running"),
        (pod("k", phase: "Pending", containers: []), "0/0", "Pending"),
    ]

    @Test(arguments: statusCases)
    func podStatusColumn(_ pod: Pod, ready: String, status: String) {
        let row = PodPrinter.row(pod, now: Fixture.t0 + 10)
        #expect(row[1] == ready)
        #expect(row[2] == status)
    }

    @Test func podTableGolden() {
        var running = Self.pod(
            "reviews-v1-6b8d9c7f5-x2x7q", phase: "Running", containers: [Self.cs("reviews"), Self.cs("istio-proxy")])
        running.status?.podIPs = [PodIP(ip: "10.244.0.7")]
        running.spec.nodeName = "meshsim"
        var crashing = Self.pod(
            "ratings-v1-5d8b7c6f4-abcde", phase: "Running",
            containers: [Self.cs("ratings", ready: false, waiting: "CrashLoopBackOff", restarts: 5)])
        crashing.status?.containerStatuses?[0].lastState = ContainerState(
            terminated: ContainerStateTerminated(
                exitCode: 1, reason: "Error", finishedAt: Timestamp.format(Fixture.t0 + 3300)))
        let table = PodPrinter.table([running, crashing], now: Fixture.t0 + 3600)
        let expected1 = """
            NAME                         READY   STATUS             RESTARTS     AGE
            reviews-v1-6b8d9c7f5-x2x7q   2/2     Running            0            60m
            ratings-v1-5d8b7c6f4-abcde   0/1     CrashLoopBackOff   5 (5m ago)   60m

            """
        #expect(TableRenderer.render(table) == expected1)
        #expect(
            TableRenderer.render(table, wide: true).split(separator: "\n")[1]
                == "reviews-v1-6b8d9c7f5-x2x7q   2/2     Running            0            60m   10.244.0.7   meshsim   <none>           <none>"
        )
        #expect(TableRenderer.render(table.withNamespaces(["default", "default"])).hasPrefix("NAMESPACE   NAME "))
        #expect(TableRenderer.noResources(namespace: "default") == "No resources found in default namespace.")
    }

    @Test func deploymentAndReplicaSetGolden() {
        var d = Fixture.deployment("productpage-v1", replicas: 3)
        d.status = DeploymentStatus()
        d.status?.readyReplicas = 2
        d.status?.updatedReplicas = 3
        d.status?.availableReplicas = 2
        let table = WorkloadPrinters.deployments([d], now: Fixture.t0 + 90)
        let expected2 = """
            NAME             READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR
            productpage-v1   2/3     3            2           90s   web          nginx:1.25   app=web

            """
        #expect(TableRenderer.render(table, wide: true) == expected2)
        var rs = Fixture.replicaSet("productpage-v1-5d8b7c6f4", replicas: 3)
        rs.status = ReplicaSetStatus(replicas: 3, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1)
        let expected3 = """
            NAME                       DESIRED   CURRENT   READY   AGE
            productpage-v1-5d8b7c6f4   3         3         1       4d

            """
        #expect(TableRenderer.render(WorkloadPrinters.replicaSets([rs], now: Fixture.t0 + 4 * 86_400)) == expected3)
        #expect(table.json()["rows"]?.arrayValue?.first?["cells"]?.arrayValue?[2] == .int(3))
    }

    @Test func namespacesAndEvents() {
        let ns = ClusterBootstrapTests.bootstrap().namespaces()
        let expected4 = """
            NAME              STATUS   AGE
            default           Active   120m
            kube-node-lease   Active   120m
            kube-public       Active   120m
            kube-system       Active   120m

            """
        #expect(TableRenderer.render(ClusterPrinters.namespaces(ns, now: Fixture.t0 + 7200)) == expected4)
        let event = Event(
            metadata: ObjectMeta(name: "web.1", namespace: "default"),
            involvedObject: ObjectReference(kind: "Deployment", namespace: "default", name: "web", uid: "u"),
            reason: "ScalingReplicaSet", message: "Scaled up replica set web-abc from 0 to 3", type: "Normal",
            timestamp: Timestamp.format(Fixture.t0), component: "deployment-controller")
        let expected5 = """
            LAST SEEN   TYPE     REASON              OBJECT           MESSAGE
            42s         Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-abc from 0 to 3

            """
        #expect(TableRenderer.render(ClusterPrinters.events([event], now: Fixture.t0 + 42)) == expected5)
    }

    @Test func istioKinds() throws {
        let vs: JSONValue = .object([
            "metadata": .object([
                "name": .string("reviews"), "creationTimestamp": .string(Timestamp.format(Fixture.t0)),
            ]),
            "spec": .object(["hosts": .array([.string("reviews")]), "gateways": .array([.string("bookinfo-gateway")])]),
        ])
        let expected6 = """
            NAME      GATEWAYS               HOSTS         AGE
            reviews   ["bookinfo-gateway"]   ["reviews"]   5s

            """
        #expect(
            TableRenderer.render(IstioPrinters.table(kind: "VirtualService", objects: [vs], now: Fixture.t0 + 5))
                == expected6)
        let gateway: JSONValue = .object(["metadata": .object(["name": .string("bookinfo-gateway")])])
        #expect(
            IstioPrinters.table(kind: "Gateway", objects: [gateway], now: 0).rows == [
                ["bookinfo-gateway", "<unknown>"]
            ])
        let dr: JSONValue = .object([
            "metadata": .object(["name": .string("reviews")]), "spec": .object(["host": .string("reviews")]),
        ])
        #expect(
            IstioPrinters.table(kind: "DestinationRule", objects: [dr], now: 0).columns.map(\.name) == [
                "Name", "Host", "Age",
            ])
        #expect(IstioPrinters.table(kind: "DestinationRule", objects: [dr], now: 0).rows[0][1] == "reviews")
    }

    @Test func serviceExternalIPs() {
        var lb = Service(
            metadata: ObjectMeta(name: "gw"), spec: ServiceSpec(type: "LoadBalancer", selector: nil, ports: nil))
        #expect(ServicePrinters.externalIP(lb, wide: false) == "<pending>")
        lb.status = .object(["loadBalancer": .object(["ingress": .array([.object(["ip": .string("127.0.0.1")])])])])
        #expect(ServicePrinters.externalIP(lb, wide: false) == "127.0.0.1")
        let external = Service(
            metadata: ObjectMeta(name: "x"), spec: ServiceSpec(type: "ExternalName", selector: nil, ports: nil))
        #expect(ServicePrinters.externalIP(external, wide: false) == "")
    }
}
