import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct ClusterBootstrapTests {
    static func bootstrap(nodes: Int = 2) -> ClusterBootstrap {
        var parameters = ClusterBootstrap.Parameters()
        parameters.nodes = nodes
        parameters.cpus = 4
        parameters.now = Fixture.t0
        return ClusterBootstrap(parameters: parameters)
    }

    @Test func nodesLookLikeMinikube() throws {
        let nodes = Self.bootstrap(nodes: 3).nodes()
        #expect(nodes.map(\.metadata.nameOrEmpty) == ["meshsim", "meshsim-m02", "meshsim-m03"])
        #expect(nodes[0].metadata.labels?["node-role.kubernetes.io/control-plane"] == "")
        #expect(nodes[1].metadata.labels?["node-role.kubernetes.io/control-plane"] == nil)
        #expect(nodes[1].spec.podCIDR == "10.244.1.0/24")
        #expect(
            nodes[1].status.addresses == [
                NodeAddress(type: "InternalIP", address: "192.168.49.3"),
                NodeAddress(type: "Hostname", address: "meshsim-m02"),
            ])
        #expect(nodes[0].status.capacity?["memory"] == "8388608Ki" && nodes[0].status.capacity?["cpu"] == "4")
        #expect(
            nodes[0].status.conditions?.map(\.reason) == [
                "KubeletHasSufficientMemory", "KubeletHasNoDiskPressure", "KubeletHasSufficientPID", "KubeletReady",
            ])
        #expect(nodes.allSatisfy { $0.isReady })
        let table = TableRenderer.render(ClusterPrinters.nodes(nodes, now: Fixture.t0 + 300), wide: true)
        let expected1 = """
            NAME          STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION   CONTAINER-RUNTIME
            meshsim       Ready    control-plane   5m    v1.32.0   192.168.49.2   <none>        Ubuntu 22.04.5 LTS   6.8.0-meshsim    docker://27.4.0
            meshsim-m02   Ready    <none>          5m    v1.32.0   192.168.49.3   <none>        Ubuntu 22.04.5 LTS   6.8.0-meshsim    docker://27.4.0
            meshsim-m03   Ready    <none>          5m    v1.32.0   192.168.49.4   <none>        Ubuntu 22.04.5 LTS   6.8.0-meshsim    docker://27.4.0

            """
        #expect(table == expected1)
    }

    @Test func kubeSystem() throws {
        var generator = SeededGenerator(seed: 1)
        let objects = Self.bootstrap().objects(using: &generator)
        #expect(
            objects.namespaces.map(\.metadata.nameOrEmpty) == [
                "default", "kube-node-lease", "kube-public", "kube-system",
            ])
        #expect(
            objects.pods.map(\.metadata.nameOrEmpty).prefix(5) == [
                "etcd-meshsim", "kube-apiserver-meshsim", "kube-controller-manager-meshsim", "kube-scheduler-meshsim",
                "storage-provisioner",
            ])
        let proxies = objects.pods.filter { $0.metadata.name?.hasPrefix("kube-proxy-") == true }
        #expect(proxies.count == 2 && Set(proxies.compactMap(\.spec.nodeName)) == ["meshsim", "meshsim-m02"])
        #expect(objects.deployments.map(\.metadata.nameOrEmpty) == ["coredns"])
        let ips = Dictionary(
            uniqueKeysWithValues: objects.services.map { ($0.metadata.nameOrEmpty, $0.spec.clusterIP ?? "") })
        #expect(ips == ["kubernetes": "10.96.0.1", "kube-dns": "10.96.0.10"])
        let text = TableRenderer.render(ServicePrinters.services(objects.services, now: Fixture.t0 + 60))
        let expected2 = """
            NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
            kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  60s
            kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   60s

            """
        #expect(text == expected2)
    }

    @Test(arguments: IstioInstall.Profile.allCases)
    func istioProfiles(_ profile: IstioInstall.Profile) throws {
        var generator = SeededGenerator(seed: 1)
        let objects = Self.bootstrap().objects(istio: IstioInstall(profile: profile), using: &generator)
        let istio = objects.deployments.filter { $0.metadata.namespace == "istio-system" }.map(\.metadata.nameOrEmpty)
        switch profile {
        case .minimal: #expect(istio == ["istiod"])
        case .demo: #expect(istio == ["istiod", "istio-ingressgateway", "istio-egressgateway"])
        case .legacy:
            #expect(
                istio == [
                    "grafana", "istio-citadel", "istio-egressgateway", "istio-galley", "istio-ingressgateway",
                    "istio-pilot",
                    "istio-policy", "istio-sidecar-injector", "istio-telemetry", "istio-tracing", "kiali", "prometheus",
                ])
            let pilot = try #require(objects.deployments.first { $0.metadata.name == "istio-pilot" })
            #expect(pilot.spec.template.spec.containers.count == 2)
        }
        let services = objects.services.filter { $0.metadata.namespace == "istio-system" }
        #expect(Set(services.compactMap(\.spec.clusterIP)).count == services.count)
        #expect(services.allSatisfy { $0.spec.clusterIP?.hasPrefix("10.") == true })
        #expect(objects.namespaces.last?.metadata.name == "istio-system")
        let deployments = objects.deployments.filter { $0.metadata.namespace == "istio-system" }
        #expect(deployments.allSatisfy { $0.spec.selector?.matches($0.spec.template.metadata?.labels) == true })
        if profile != .minimal {
            let ingress = try #require(services.first { $0.metadata.name == "istio-ingressgateway" })
            #expect(ingress.spec.type == "LoadBalancer")
            #expect(ingress.spec.selector == ["app": "istio-ingressgateway", "istio": "ingressgateway"])
            #expect(
                ingress.spec.ports?.allSatisfy { ($0.nodePort ?? 0) >= 30000 && ($0.nodePort ?? 0) <= 32767 } == true)
            #expect(ServicePrinters.externalIP(ingress, wide: false) == "<pending>")
            let ports = ServicePrinters.services([ingress], now: 0).rows[0][4]
            if profile == .legacy {
                #expect(ports.contains("80:31380/TCP,443:31390/TCP,31400:31400/TCP"))
            } else {
                #expect(ports.hasPrefix("15021:3") && ports.contains(",80:3") && ports.contains(",443:3"))
            }
        }
    }
}
