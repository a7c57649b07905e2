import MeshCore
import MeshRouting
import Testing

@Suite("explain and route listing", .timeLimit(.minutes(1)))
struct ExplainTests {
    @Test("The seed tutorial explains listener → server → vhost → route → 50/50 clusters → endpoints")
    func seedTutorial() {
        let trace = RouteTable(snapshot: Fixture.seed()).explain(Fixture.request("/"))
        #expect(
            trace.lines == [
                "GET http://localhost:8080/ on port 8080",
                "1. listener 0.0.0.0_8080 (route config http.8080) on local port 8080",
                "2. Gateway default/app-gateway server[0] port 80 hosts *",
                "3. Host localhost selects virtual host *:80 (domain *)",
                "4. VirtualService default/myapp http[0] route myapp.0 has no match (catch-all)",
                "5. 50% → myapp.default.svc.cluster.local subset v1 (cluster outbound|80|v1|myapp.default.svc.cluster.local)",
                "6. endpoints: myapp-v1-abc (10.244.0.1:9080 → 127.0.0.1:31001)",
                "7. 50% → myapp.default.svc.cluster.local subset v2 (cluster outbound|80|v2|myapp.default.svc.cluster.local)",
                "8. endpoints: myapp-v2-0 (10.244.0.100:9080 → 127.0.0.1:31100)",
                "=> forward 50% to outbound|80|v1|myapp.default.svc.cluster.local, 50% to outbound|80|v2|myapp.default.svc.cluster.local",
            ])
        #expect(trace.virtualService == "default/myapp")
        #expect(trace.destinations.map(\.percent) == [50, 50])
        #expect(trace.localReply == nil)
    }

    @Test("A missing Service is named in plain words and matches decide's 503 NC")
    func missingService() {
        var snapshot = Fixture.seed()
        snapshot.services = []
        snapshot.virtualServices = [Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp")])])]
        let table = RouteTable(snapshot: snapshot)
        let trace = table.explain(Fixture.request("/"))
        #expect(
            trace.summary
                == "503 NC (empty body): VirtualService myapp routes to host myapp, but no Service or ServiceEntry named myapp exists in namespace default"
        )
        #expect(trace.localReply?.responseFlags == "NC")
        #expect(table.decide(Fixture.request("/")).reply?.responseFlags == "NC")
    }

    @Test("Earlier routes say why they did not match; 404 reasons are spelled out")
    func skippedRoutesAndNotFound() {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(
                match: [.init(headers: ["end-user": .exact("jason")])], route: [Fixture.to("myapp", subset: "v2")]),
            HTTPRoute(match: [.init(uri: .prefix("/api"))], route: [Fixture.to("myapp", subset: "v1")]),
        ])
        let table = RouteTable(snapshot: Fixture.snapshot([vs]))
        let trace = table.explain(Fixture.request("/api/x"))
        #expect(
            trace.steps.filter { $0.stage == .skippedRoute }.map(\.text) == [
                "VirtualService default/myapp http[0] match[0] (myapp.0) skipped: header end-user is missing"
            ])
        #expect(trace.routeName == "myapp.1")
        let notFound = table.explain(Fixture.request("/other"))
        #expect(notFound.summary == "404 NR (empty body): none of the 2 route(s) of virtual host *:80 matches /other")
        let noListener = table.explain(Fixture.request("/", port: 9999))
        #expect(noListener.summary == "connection refused: no Gateway server listens on port 9999 (listening: 8080)")
    }

    @Test("Policies show up as action steps")
    func policySteps() {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(
                route: [Fixture.to("myapp", subset: "v1")], timeout: "2s",
                retries: HTTPRetry(attempts: 3, retryOn: "gateway-error,503"),
                fault: HTTPFaultInjection(abort: .init(httpStatus: 500, percentage: Percent(12.5))),
                mirror: Destination(host: "myapp", subset: "v2"), mirrorPercentage: Percent(10))
        ])
        let trace = RouteTable(snapshot: Fixture.snapshot([vs])).explain(Fixture.request("/"))
        #expect(
            trace.steps.filter { $0.stage == .action || $0.stage == .fault }.map(\.text) == [
                "fault abort 500 \"fault filter abort\" (FI) for 12.5% of requests",
                "route timeout 2000ms (504 UT when it fires)",
                "retries: 3 attempt(s) on gateway-error,retriable-status-codes (status 503)",
                "mirror 10% of requests to outbound|80|v2|myapp.default.svc.cluster.local",
            ])
        #expect(
            trace.summary == "forward 100% to outbound|80|v1|myapp.default.svc.cluster.local; 12.5% aborted with 500")
    }

    @Test("A subset without ready pods is explained as 503 UH")
    func emptySubset() {
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v2")])])
        ]
        snapshot.endpoints = []
        let trace = RouteTable(snapshot: snapshot).explain(Fixture.request("/"))
        #expect(
            trace.summary
                == "503 UH \"no healthy upstream\": cluster outbound|80|v2|myapp.default.svc.cluster.local has no ready endpoints"
        )
    }

    @Test("Blackhole gateway explains the missing binding")
    func blackhole() {
        let trace = RouteTable(snapshot: Fixture.snapshot([])).explain(Fixture.request("/"))
        #expect(trace.localReply?.status == 404)
        #expect(trace.summary.hasPrefix("404 NR (empty body): no VirtualService is bound to this gateway"))
    }

    @Test("Route listing looks like istioctl proxy-config routes")
    func listing() {
        let vs = Fixture.virtualService(
            "bookinfo",
            http: [
                HTTPRoute(
                    match: [.init(uri: .exact("/productpage")), .init(uri: .prefix("/static"))],
                    route: [Fixture.to("myapp")])
            ])
        let table = RouteTable(snapshot: Fixture.snapshot([vs]))
        #expect(
            table.routeListingText() == [
                "NAME        VHOST NAME   DOMAINS   MATCH          VIRTUAL SERVICE",
                "http.8080   *:80         *         /productpage   bookinfo.default",
                "http.8080   *:80         *         /static*       bookinfo.default",
            ])
        let blackhole = RouteTable(snapshot: Fixture.snapshot([])).routeListing()
        #expect(
            blackhole == [
                RouteListingRow(
                    name: "http.8080", virtualHost: "blackhole:80", domains: "*", match: "/*", virtualService: "404")
            ])
    }
}
