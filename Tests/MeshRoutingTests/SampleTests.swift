import MeshCore
import MeshRouting
import Testing

@Suite("Istio samples through the gateway (reference §11)", .timeLimit(.minutes(1)))
struct SampleTests {
    /// `bookinfo-gateway.yaml`: Gateway on port 8080 (same listener as port 80) and the bookinfo VS.
    static func bookinfo() -> RoutingSnapshot {
        let uris: [StringMatch] = [
            .exact("/productpage"), .prefix("/static"), .exact("/login"), .exact("/logout"),
            .prefix("/api/v1/products"),
        ]
        let vs = Fixture.virtualService(
            "bookinfo", hosts: ["*"], gateways: ["bookinfo-gateway"],
            http: [
                HTTPRoute(
                    match: uris.map { HTTPMatchRequest(uri: $0) }, route: [Fixture.to("productpage", port: 9080)])
            ])
        let pod = UpstreamEndpoint(
            address: "10.244.0.20", port: 9080, localPort: 32000, podName: "productpage-v1-x",
            labels: ["app": "productpage", "version": "v1"])
        return RoutingSnapshot(
            gateways: [Fixture.gateway("bookinfo-gateway", port: 8080)], virtualServices: [vs],
            services: [Fixture.service("productpage", ports: [9080])],
            endpoints: [ServiceEndpoints(namespace: "default", service: "productpage", endpoints: [pod])])
    }

    @Test(
        "bookinfo: exact and prefix routes reach productpage, everything else is 404 NR",
        arguments: [
            ("/productpage", "forward outbound|9080||productpage.default.svc.cluster.local"),
            ("/productpage?u=normal", "forward outbound|9080||productpage.default.svc.cluster.local"),
            ("/static/css/x.css", "forward outbound|9080||productpage.default.svc.cluster.local"),
            ("/api/v1/products/0/reviews", "forward outbound|9080||productpage.default.svc.cluster.local"),
            ("/", "404 NR"),
            ("/productpage/", "404 NR"),
        ])
    func bookinfoRoutes(path: String, expected: String) {
        let table = RouteTable(snapshot: Self.bookinfo())
        #expect(table.hasListener(port: 8080))
        #expect(table.decide(Fixture.request(path)).statusAndFlag == expected)
    }

    @Test("helloworld without subsets: one cluster with every pod; scaling v2 to 3 pods only grows the list")
    func helloworld() throws {
        let vs = Fixture.virtualService(
            "helloworld",
            http: [
                HTTPRoute(match: [.init(uri: .exact("/hello"))], route: [Fixture.to("helloworld", port: 5000)])
            ])
        var endpoints = [Fixture.endpoint("helloworld-v1-a", version: "v1", app: "helloworld", localPort: 33000)]
        for index in 0..<3 {
            endpoints.append(
                Fixture.endpoint("helloworld-v2-\(index)", version: "v2", app: "helloworld", localPort: 33010 + index))
        }
        let snapshot = RoutingSnapshot(
            gateways: [Fixture.gateway()], virtualServices: [vs],
            services: [Fixture.service("helloworld", ports: [5000])],
            endpoints: [ServiceEndpoints(namespace: "default", service: "helloworld", endpoints: endpoints)])
        let table = RouteTable(snapshot: snapshot)
        let action = try #require(table.decide(Fixture.request("/hello")).forward)
        #expect(action.cluster.name == "outbound|5000||helloworld.default.svc.cluster.local")
        #expect(action.cluster.endpoints.filter { $0.labels["version"] == "v2" }.count == 3)
        #expect(action.cluster.loadBalancer == .leastRequest)
        #expect(table.decide(Fixture.request("/")).statusAndFlag == "404 NR")
    }

    @Test("fault-injection-details-v1: a match-less abort rule shadows the next rule; every call gets 555 FI")
    func faultInjectionDetails() {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(
                route: [Fixture.to("myapp", subset: "v1")],
                fault: HTTPFaultInjection(abort: .init(httpStatus: 555, percentage: Percent(100)))),
            HTTPRoute(route: [Fixture.to("myapp", subset: "v1")]),
        ])
        var snapshot = Fixture.snapshot([vs])
        snapshot.pods = AnalyzerTests.cleanSeed().pods
        snapshot.namespaces = AnalyzerTests.cleanSeed().namespaces
        let table = RouteTable(snapshot: snapshot)
        var random = SeededGenerator(seed: 5)
        for _ in 0..<100 {
            #expect(table.decide(Fixture.request("/details/0"), random: &random).reply?.body == "fault filter abort")
        }
        #expect(Analyzer.analyze(snapshot, namespace: "default").map(\.code) == ["IST0130"])
    }
}
