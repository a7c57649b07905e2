import MeshCore
import MeshRouting
import Testing

@Suite("istioctl analyze (reference §8)", .timeLimit(.minutes(1)))
struct AnalyzerTests {
    static func pod(_ name: String, namespace: String = "default", labels: [String: String], proxy: Bool = true) -> Pod
    {
        var containers = [Container(name: "app", image: "myapp:v1")]
        if proxy { containers.append(Container(name: "istio-proxy", image: "istio/proxyv2")) }
        return Pod(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: labels),
            spec: PodSpec(containers: containers))
    }

    /// The seed with its pods and an injected namespace: analyze is clean.
    static func cleanSeed() -> RoutingSnapshot {
        var snapshot = Fixture.seed()
        snapshot.pods = [
            pod("myapp-v1-abc", labels: ["app": "myapp", "version": "v1"]),
            pod("myapp-v2-def", labels: ["app": "myapp", "version": "v2"]),
        ]
        snapshot.namespaces = [Namespace(name: "default", labels: ["istio-injection": "enabled"])]
        return snapshot
    }

    private func lines(_ snapshot: RoutingSnapshot, namespace: String? = "default") -> [String] {
        Analyzer.analyze(snapshot, namespace: namespace).map(\.line)
    }

    @Test("The seed tutorial is clean: ✔ line and exit code 0")
    func clean() {
        let report = Analyzer.report(Self.cleanSeed(), namespace: "default")
        #expect(report.messages.isEmpty)
        #expect(report.outputLines == ["✔ No validation issues found when analyzing namespace: default."])
        #expect(report.footerLines.isEmpty && report.exitCode == 0)
    }

    @Test("IST0101 for a missing subset, host, gateway and host:port; exit code 79 with the footer")
    func referencedResourceNotFound() {
        var snapshot = Self.cleanSeed()
        snapshot.virtualServices = [
            Fixture.virtualService(
                gateways: ["app-gateway", "shop-gw"],
                http: [
                    HTTPRoute(match: [.init(uri: .prefix("/a"))], route: [Fixture.to("myapp", subset: "v3")]),
                    HTTPRoute(match: [.init(uri: .prefix("/b"))], route: [Fixture.to("nosuch")]),
                    HTTPRoute(route: [Fixture.to("myapp", port: 9999)]),
                ])
        ]
        let report = Analyzer.report(snapshot, namespace: "default")
        #expect(
            report.outputLines == [
                "Error [IST0101] (VirtualService default/myapp) Referenced gateway not found: \"shop-gw\"",
                "Error [IST0101] (VirtualService default/myapp) Referenced host not found: \"nosuch\"",
                "Error [IST0101] (VirtualService default/myapp) Referenced host+subset in destinationrule not found: \"myapp+v3\"",
                "Error [IST0101] (VirtualService default/myapp) Referenced host:port not found: \"myapp:9999\"",
            ])
        #expect(report.exitCode == 79)
        #expect(
            report.footerLines == [
                "Error: Analyzers found issues when analyzing namespace: default.",
                "See https://istio.io/v1.28/docs/reference/config/analysis for more information about causes and resolutions.",
            ])
    }

    @Test("IST0101 for a Gateway selector that matches no pod")
    func gatewaySelector() {
        var snapshot = Self.cleanSeed()
        snapshot.gateways = [Fixture.gateway(selector: ["istio": "ingress"])]
        #expect(
            lines(snapshot).contains(
                "Error [IST0101] (Gateway default/app-gateway) Referenced selector not found: \"istio=ingress\""))
    }

    @Test("IST0102 and IST0103: uninjected namespace, pod without proxy")
    func injection() {
        var snapshot = Self.cleanSeed()
        snapshot.namespaces = []
        #expect(
            lines(snapshot) == [
                "Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection. Run 'kubectl label namespace default istio-injection=enabled' to enable it, or 'kubectl label namespace default istio-injection=disabled' to explicitly mark it as not needing injection."
            ])
        snapshot = Self.cleanSeed()
        snapshot.pods[0] = Self.pod("myapp-v1-abc", labels: ["app": "myapp", "version": "v1"], proxy: false)
        #expect(
            lines(snapshot) == [
                "Warning [IST0103] (Pod default/myapp-v1-abc) The pod myapp-v1-abc is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload."
            ])
        #expect(Analyzer.report(snapshot, namespace: "default").exitCode == 0)
    }

    @Test("IST0106 for what the webhook would reject")
    func schemaValidation() {
        var snapshot = Self.cleanSeed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [
                HTTPRoute(route: [Fixture.to("myapp", subset: "v1"), Fixture.to("myapp", subset: "v2")])
            ])
        ]
        #expect(
            lines(snapshot) == [
                "Error [IST0106] (VirtualService default/myapp) Schema validation error: total destination weight = 0"
            ])
    }

    @Test("IST0112 and IST0118 for a multi-port Service with unconventional port names")
    func multiPort() {
        var snapshot = Self.cleanSeed()
        var service = Fixture.service("myapp", ports: [80, 8080])
        service.spec.ports?[1].name = "web"
        snapshot.services = [service]
        snapshot.virtualServices = [Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp")])])]
        #expect(
            lines(snapshot) == [
                "Error [IST0112] (VirtualService default/myapp) This VirtualService routes to a service \"myapp\" that exposes multiple ports [80 8080]. Specifying a port in the destination is required to disambiguate.",
                "Info [IST0118] (Service default/myapp) Port name web (port: 8080, targetPort: 9080) doesn't follow the naming convention of Istio port.",
            ])
    }

    @Test("IST0130 and IST0131 for unreachable rules")
    func unreachable() {
        var snapshot = Self.cleanSeed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [
                HTTPRoute(match: [.init(uri: .exact("/a"))], route: [Fixture.to("myapp")]),
                HTTPRoute(name: "dup", match: [.init(uri: .exact("/a"))], route: [Fixture.to("myapp")]),
                HTTPRoute(route: [Fixture.to("myapp")]),
                HTTPRoute(match: [.init(uri: .exact("/b"))], route: [Fixture.to("myapp")]),
            ])
        ]
        #expect(
            lines(snapshot) == [
                "Warning [IST0130] (VirtualService default/myapp) VirtualService rule \"dup\" not used (all matches used by prior rules).",
                "Warning [IST0130] (VirtualService default/myapp) VirtualService rule #3 not used (route without matches defined before).",
                "Info [IST0131] (VirtualService default/myapp) VirtualService rule \"dup\" match #0 is not used (duplicate/overlapping match in rule #0).",
            ])
    }

    @Test("IST0132: VS host not covered by the gateway's server hosts")
    func hostNotInGateway() {
        var snapshot = Self.cleanSeed()
        snapshot.gateways = [Fixture.gateway(hosts: ["a.example.com"])]
        snapshot.virtualServices = [
            Fixture.virtualService(hosts: ["b.example.com"], http: [HTTPRoute(route: [Fixture.to("myapp")])])
        ]
        #expect(
            lines(snapshot) == [
                "Warning [IST0132] (VirtualService default/myapp) one or more host [b.example.com] defined in VirtualService default/myapp not found in Gateway default/app-gateway."
            ])
    }

    @Test("IST0145: two Gateways, same selector and port, identical host")
    func conflictingGateways() {
        var snapshot = Self.cleanSeed()
        snapshot.gateways = [Fixture.gateway(), Fixture.gateway("second")]
        #expect(
            lines(snapshot) == [
                "Error [IST0145] (Gateway default/app-gateway) Conflict with gateways default/second (workload selector istio=ingressgateway, port 80, hosts *).",
                "Error [IST0145] (Gateway default/second) Conflict with gateways default/app-gateway (workload selector istio=ingressgateway, port 80, hosts *).",
            ])
        snapshot.gateways = [Fixture.gateway(), Fixture.gateway("second", hosts: ["a.example.com"])]
        #expect(lines(snapshot).isEmpty)
    }

    @Test("IST0173 for a subset without pods, IST0174 for an unknown DR host")
    func destinationRules() {
        var snapshot = Self.cleanSeed()
        snapshot.destinationRules = [
            Fixture.destinationRule(subsets: ["v1", "v2", "v3"]), Fixture.destinationRule("ghost", host: "ghost"),
        ]
        #expect(
            lines(snapshot) == [
                "Error [IST0173] (DestinationRule default/myapp) The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).",
                "Warning [IST0174] (DestinationRule default/ghost) The host ghost defined in the DestinationRule does not match any services in the mesh.",
            ])
    }

    @Test("Namespace scoping: other namespaces' findings are left out; -A says all namespaces")
    func scoping() {
        var snapshot = Self.cleanSeed()
        snapshot.destinationRules.append(Fixture.destinationRule("ghost", namespace: "shop", host: "ghost"))
        #expect(Analyzer.analyze(snapshot, namespace: "default").isEmpty)
        let all = Analyzer.report(snapshot, namespace: nil)
        #expect(all.messages.map(\.code) == ["IST0174"])
        #expect(all.outputLines.count == 1 && all.exitCode == 0)
        #expect(all.scope == "all namespaces")
        #expect(all.messages[0].documentationURL == "https://istio.io/latest/docs/reference/config/analysis/ist0174/")
    }

    @Test("IST0109 names every mesh VirtualService that defines the same host, on each of them")
    func conflictingMeshHosts() {
        var snapshot = Self.cleanSeed()
        let route = [HTTPRoute(route: [Fixture.to("myapp")])]
        snapshot.virtualServices += [
            Fixture.virtualService("mesh-a", hosts: ["myapp"], gateways: nil, http: route),
            Fixture.virtualService(
                "mesh-b", hosts: ["myapp.default.svc.cluster.local"], gateways: ["mesh"], http: route),
            Fixture.virtualService("edge", hosts: ["myapp"], gateways: ["app-gateway"], http: route),
        ]
        let text =
            "The VirtualServices default/mesh-a,default/mesh-b associated with mesh gateway define the same host */myapp.default.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."
        #expect(
            lines(snapshot) == [
                "Error [IST0109] (VirtualService default/mesh-a) \(text)",
                "Error [IST0109] (VirtualService default/mesh-b) \(text)",
            ])
    }

    @Test("IST0162 for a Gateway port that is neither a port nor a targetPort of the gateway's Service")
    func gatewayPortNotOnService() {
        var snapshot = Self.cleanSeed()
        snapshot.pods.append(
            Self.pod(
                "istio-ingressgateway-1", namespace: "istio-system", labels: ["istio": "ingressgateway"], proxy: false))
        snapshot.services.append(
            Service(
                metadata: ObjectMeta(name: "istio-ingressgateway", namespace: "istio-system"),
                spec: ServiceSpec(
                    selector: ["istio": "ingressgateway"],
                    ports: [ServicePort(name: "http2", port: 80, targetPort: .int(8080))])))
        snapshot.gateways += [
            Fixture.gateway("by-target", port: 8080), Fixture.gateway("odd", port: 9999),
        ]
        #expect(
            lines(snapshot) == [
                "Warning [IST0162] (Gateway default/odd) The gateway is listening on a target port (port 9999) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available."
            ])
    }
}
