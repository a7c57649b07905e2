import MeshCore
import MeshRouting
import Testing

@Suite("Match conditions and route order (reference §3.2, §3.3)", .timeLimit(.minutes(1)))
struct MatchTests {
    /// A VS with one matched rule to v2 and a catch-all to v1; returns the subset a request lands on.
    private func subset(_ match: HTTPMatchRequest, _ request: RoutingRequest) -> String? {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(match: [match], route: [Fixture.to("myapp", subset: "v2")]),
            HTTPRoute(route: [Fixture.to("myapp", subset: "v1")]),
        ])
        return RouteTable(snapshot: Fixture.snapshot([vs])).decide(request).forward?.destination.subset
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let match: HTTPMatchRequest
        let request: RoutingRequest
        let hits: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "exact ignores the query", match: .init(uri: .exact("/a")), request: Fixture.request("/a?x=1"),
            hits: true),
        Case(name: "exact is exact", match: .init(uri: .exact("/a")), request: Fixture.request("/a/"), hits: false),
        Case(
            name: "prefix is a raw string prefix", match: .init(uri: .prefix("/api")),
            request: Fixture.request("/apiary"), hits: true),
        Case(name: "prefix misses", match: .init(uri: .prefix("/api")), request: Fixture.request("/ap"), hits: false),
        Case(
            name: "regex must match the whole path", match: .init(uri: .regex("/u/[0-9]+")),
            request: Fixture.request("/u/12/x"), hits: false),
        Case(
            name: "regex full match", match: .init(uri: .regex("/u/[0-9]+")), request: Fixture.request("/u/12?q"),
            hits: true),
        Case(
            name: "exact is case-sensitive", match: .init(uri: .exact("/Hello")), request: Fixture.request("/hello"),
            hits: false),
        Case(
            name: "ignoreUriCase exact", match: .init(uri: .exact("/Hello"), ignoreUriCase: true),
            request: Fixture.request("/hELLo"), hits: true),
        Case(
            name: "ignoreUriCase prefix", match: .init(uri: .prefix("/API"), ignoreUriCase: true),
            request: Fixture.request("/api/v1"), hits: true),
        Case(
            name: "header exact", match: .init(headers: ["end-user": .exact("jason")]),
            request: Fixture.request("/", headers: [("End-User", "jason")]), hits: true),
        Case(
            name: "header value is case-sensitive", match: .init(headers: ["end-user": .exact("jason")]),
            request: Fixture.request("/", headers: [("end-user", "Jason")]), hits: false),
        Case(
            name: "header missing", match: .init(headers: ["end-user": .exact("jason")]), request: Fixture.request("/"),
            hits: false),
        Case(
            name: "header prefix", match: .init(headers: ["x-tier": .prefix("gold")]),
            request: Fixture.request("/", headers: [("x-tier", "golden")]), hits: true),
        Case(
            name: "header regex", match: .init(headers: ["x-id": .regex("[a-f]+")]),
            request: Fixture.request("/", headers: [("x-id", "abc1")]), hits: false),
        Case(
            name: "header presence", match: .init(headers: ["x-debug": StringMatch()]),
            request: Fixture.request("/", headers: [("x-debug", "")]), hits: true),
        Case(
            name: "headers are ANDed", match: .init(headers: ["a": .exact("1"), "b": .exact("2")]),
            request: Fixture.request("/", headers: [("a", "1")]), hits: false),
        Case(
            name: "withoutHeaders matches when absent", match: .init(withoutHeaders: ["x-canary": .exact("1")]),
            request: Fixture.request("/"), hits: true),
        Case(
            name: "withoutHeaders misses when present", match: .init(withoutHeaders: ["x-canary": .exact("1")]),
            request: Fixture.request("/", headers: [("x-canary", "1")]), hits: false),
        Case(
            name: "query exact on decoded value", match: .init(queryParams: ["u": .exact("a b")]),
            request: Fixture.request("/p?u=a%20b"), hits: true),
        Case(
            name: "query missing", match: .init(queryParams: ["u": .exact("x")]), request: Fixture.request("/p?v=x"),
            hits: false),
        Case(
            name: "method", match: .init(method: .exact("POST")), request: Fixture.request("/", method: "POST"),
            hits: true),
        Case(name: "method misses", match: .init(method: .exact("POST")), request: Fixture.request("/"), hits: false),
        Case(
            name: "authority prefix", match: .init(authority: .prefix("localhost")), request: Fixture.request("/"),
            hits: true),
        Case(name: "scheme", match: .init(scheme: .exact("https")), request: Fixture.request("/"), hits: false),
        Case(
            name: "port filter equal to the server port", match: .init(uri: .prefix("/"), port: 80),
            request: Fixture.request("/x"), hits: true),
        Case(
            name: "port filter for another port drops the match", match: .init(uri: .prefix("/x"), port: 8443),
            request: Fixture.request("/x"), hits: false),
        Case(
            name: "match gateways not naming this gateway", match: .init(uri: .prefix("/x"), gateways: ["mesh"]),
            request: Fixture.request("/x"), hits: false),
        Case(
            name: "sourceLabels of the gateway pod",
            match: .init(uri: .prefix("/x"), sourceLabels: ["istio": "ingressgateway"]), request: Fixture.request("/x"),
            hits: true),
        Case(
            name: "sourceLabels of another client", match: .init(uri: .prefix("/x"), sourceLabels: ["app": "reviews"]),
            request: Fixture.request("/x"), hits: false),
    ]

    @Test("Each match type", arguments: cases)
    func matchTypes(_ testCase: Case) {
        #expect(subset(testCase.match, testCase.request) == (testCase.hits ? "v2" : "v1"))
    }

    @Test("First match wins across rules")
    func firstMatchWins() {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(match: [.init(uri: .prefix("/a"))], route: [Fixture.to("myapp", subset: "v1")]),
            HTTPRoute(match: [.init(uri: .prefix("/ab"))], route: [Fixture.to("myapp", subset: "v2")]),
        ])
        let table = RouteTable(snapshot: Fixture.snapshot([vs]))
        #expect(table.decide(Fixture.request("/abc")).forward?.destination.subset == "v1")
    }

    @Test("A match-less rule truncates every later rule; no match at all gives 404 NR")
    func catchAllTruncates() {
        let vs = Fixture.virtualService(http: [
            HTTPRoute(match: [.init(uri: .exact("/hello"))], route: [Fixture.to("myapp", subset: "v1")]),
            HTTPRoute(route: [Fixture.to("myapp", subset: "v2")]),
            HTTPRoute(match: [.init(uri: .exact("/never"))], route: [Fixture.to("myapp", subset: "v1")]),
        ])
        let table = RouteTable(snapshot: Fixture.snapshot([vs]))
        #expect(table.decide(Fixture.request("/never")).forward?.destination.subset == "v2")
        #expect(table.routeListing().count == 2)
        let noCatchAll = RouteTable(
            snapshot: Fixture.snapshot([
                Fixture.virtualService(http: [
                    HTTPRoute(match: [.init(uri: .exact("/hello"))], route: [Fixture.to("myapp")])
                ])
            ]))
        #expect(noCatchAll.decide(Fixture.request("/")).statusAndFlag == "404 NR")
        #expect(noCatchAll.decide(Fixture.request("/hello")).forward != nil)
    }

    @Test("Several VirtualServices on one host merge in creation order, catch-alls moved last")
    func mergedVirtualServices() {
        let older = Fixture.virtualService(
            "catchall", hosts: ["shop.test"], http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v1")])],
            created: "2026-01-01T00:00:00Z")
        let newer = Fixture.virtualService(
            "api", hosts: ["shop.test"],
            http: [HTTPRoute(match: [.init(uri: .prefix("/api"))], route: [Fixture.to("myapp", subset: "v2")])],
            created: "2026-01-02T00:00:00Z")
        let table = RouteTable(snapshot: Fixture.snapshot([newer, older]))
        #expect(table.decide(Fixture.request("/api/x", host: "shop.test")).forward?.destination.subset == "v2")
        #expect(table.decide(Fixture.request("/other", host: "shop.test")).forward?.destination.subset == "v1")
        #expect(table.routeListing().map(\.virtualService) == ["api.default", "catchall.default"])
    }
}
