import MeshCore
import MeshRouting
import Testing

@Suite("Listeners and virtual hosts (reference §1.4, §2.2–2.4)", .timeLimit(.minutes(1)))
struct HostMatchingTests {
    private func route(_ host: String, to subset: String) -> VirtualService {
        Fixture.virtualService(
            "vs-\(subset)", hosts: [host], http: [HTTPRoute(route: [Fixture.to("myapp", subset: subset)])])
    }

    private var precedenceTable: RouteTable {
        RouteTable(
            snapshot: Fixture.snapshot([
                route("*", to: "v1"), route("*.example.com", to: "v2"), route("a.example.com", to: "v1"),
                route("*.b.example.com", to: "v1"),
            ]))
    }

    @Test(
        "Vhost choice: exact > longest suffix > *, port stripped, case-insensitive",
        arguments: [
            ("a.example.com", "vs-v1.0", "a.example.com:80"),
            ("A.Example.COM:8080", "vs-v1.0", "a.example.com:80"),
            ("z.example.com", "vs-v2.0", "*.example.com:80"),
            ("x.b.example.com", "vs-v1.0", "*.b.example.com:80"),
            ("example.com", "vs-v1.0", "*:80"),
            ("localhost:8080", "vs-v1.0", "*:80"),
        ])
    func precedence(host: String, routeName: String, vhost: String) throws {
        let table = precedenceTable
        let action = try #require(table.decide(Fixture.request("/", host: host)).forward)
        // istiod gives unnamed routes no Envoy name (`%ROUTE_NAME%` logs `-`); explain names them.
        #expect(action.routeName.isEmpty)
        let trace = table.explain(Fixture.request("/", host: host))
        #expect(trace.routeName == routeName && trace.virtualHost == vhost)
        #expect(action.destination.subset == String(routeName.dropFirst(3).prefix(2)))
    }

    @Test(
        "Server host × VS host gives the more specific domain; disjoint hosts do not attach",
        arguments: [
            ("*", "a.example.com", "a.example.com", true),
            ("*.example.com", "*", "a.example.com", true),
            ("*.example.com", "a.example.com", "a.example.com", true),
            ("a.example.com", "*", "a.example.com", true),
            ("a.example.com", "b.example.com", "b.example.com", false),
            ("*.example.com", "example.com", "example.com", false),
        ])
    func hostIntersection(serverHost: String, vsHost: String, requestHost: String, routed: Bool) {
        let table = RouteTable(
            snapshot: Fixture.snapshot(
                [route(vsHost, to: "v1")], gateways: [Fixture.gateway(hosts: [serverHost])]))
        #expect((table.decide(Fixture.request("/", host: requestHost)).forward != nil) == routed)
        if routed {
            let domain = HostName.intersection(server: serverHost, virtualService: vsHost)
            #expect(table.routeListing().map(\.domains) == [domain ?? ""])
        }
    }

    @Test("No vhost for the Host header gives 404 NR with an empty body")
    func noVirtualHost() throws {
        let table = RouteTable(snapshot: Fixture.snapshot([route("orchard.example.test", to: "v1")]))
        let reply = try #require(table.decide(Fixture.request("/", host: "localhost:8080")).reply)
        #expect(reply.status == 404 && reply.body.isEmpty && reply.responseFlags == "NR")
        #expect(table.decide(Fixture.request("/", host: "orchard.example.test")).forward != nil)
    }

    @Test("Gateway port 80 listens on 8080; 80 itself has no listener")
    func portTranslation() {
        let table = RouteTable(snapshot: Fixture.seed())
        #expect(table.hasListener(port: 8080))
        #expect(!table.hasListener(port: 80))
        #expect(table.listenerPorts == [ListenerPort(port: 8080, localPort: 8080, name: "0.0.0.0_8080")])
    }

    @Test("Gateway ports 80 and 8080 merge on one listener")
    func mergedServers() {
        let snapshot = Fixture.snapshot(
            [
                route("a.example.com", to: "v1"),
                Fixture.virtualService(
                    "other", hosts: ["b.example.com"], gateways: ["gw8080"],
                    http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v2")])]),
            ],
            gateways: [Fixture.gateway(), Fixture.gateway("gw8080", port: 8080)])
        let table = RouteTable(snapshot: snapshot)
        #expect(table.listenerPorts.count == 1)
        #expect(table.decide(Fixture.request("/", host: "a.example.com")).forward?.destination.subset == "v1")
        #expect(table.decide(Fixture.request("/", host: "b.example.com")).forward?.destination.subset == "v2")
    }

    @Test("A real local port maps onto the Envoy listener")
    func localPortMapping() {
        var snapshot = Fixture.seed()
        snapshot.listenerLocalPorts = [8080: 18080]
        let table = RouteTable(snapshot: snapshot)
        #expect(table.hasListener(port: 18080))
        #expect(table.decide(Fixture.request("/", port: 18080)).forward != nil)
    }

    @Test("The real local port may also be keyed by the declared Gateway port")
    func localPortByGatewayPort() {
        var snapshot = Fixture.seed()
        snapshot.listenerLocalPorts = [80: 18081]
        let table = RouteTable(snapshot: snapshot)
        #expect(table.listenerPorts == [ListenerPort(port: 8080, localPort: 18081, name: "0.0.0.0_8080")])
        #expect(table.decide(Fixture.request("/", port: 8080)).forward != nil)
    }

    @Test("exportTo '.' hides a VirtualService from a Gateway in another namespace")
    func exportTo() {
        var vs = Fixture.virtualService(
            "web", namespace: "shop", hosts: ["a.example.com"], gateways: ["default/app-gateway"],
            http: [HTTPRoute(route: [Fixture.to("myapp.default.svc.cluster.local")])])
        vs.spec.exportTo = ["."]
        #expect(
            RouteTable(snapshot: Fixture.snapshot([vs])).decide(Fixture.request("/", host: "a.example.com"))
                .statusAndFlag == "404 NR")
        vs.spec.exportTo = ["default"]
        #expect(
            RouteTable(snapshot: Fixture.snapshot([vs])).decide(Fixture.request("/", host: "a.example.com")).forward
                != nil)
    }

    @Test("Short VS hosts expand in the VS namespace: Host web.shop.svc.cluster.local, never Host web")
    func shortNameExpansion() {
        var snapshot = Fixture.seed()
        snapshot.gateways = [Fixture.gateway(namespace: "shop")]
        snapshot.virtualServices = [
            Fixture.virtualService(
                "web", namespace: "shop", hosts: ["web"],
                http: [HTTPRoute(route: [Fixture.to("myapp.default.svc.cluster.local")])])
        ]
        let table = RouteTable(snapshot: snapshot)
        #expect(table.decide(Fixture.request("/", host: "web")).statusAndFlag == "404 NR")
        #expect(table.decide(Fixture.request("/", host: "web.shop.svc.cluster.local")).forward != nil)
    }

    @Test("A VirtualService without gateways is mesh-only: the gateway answers 404 from the blackhole vhost")
    func meshOnlyIgnored() {
        let vs = Fixture.virtualService(
            hosts: ["myapp"], gateways: nil, http: [HTTPRoute(route: [Fixture.to("myapp")])])
        let table = RouteTable(snapshot: Fixture.snapshot([vs]))
        #expect(table.decide(Fixture.request("/", host: "myapp.default.svc.cluster.local")).statusAndFlag == "404 NR")
        #expect(table.routeListing().map(\.virtualHost) == ["blackhole:80"])
    }

    @Test("Server host namespace restriction admits only that namespace")
    func namespaceRestriction() {
        let other = Fixture.virtualService(
            "other", namespace: "shop", hosts: ["a.example.com"], gateways: ["default/app-gateway"],
            http: [HTTPRoute(route: [Fixture.to("myapp.default.svc.cluster.local")])])
        let table = RouteTable(
            snapshot: Fixture.snapshot([other], gateways: [Fixture.gateway(hosts: ["default/*"])]))
        #expect(table.decide(Fixture.request("/", host: "a.example.com")).statusAndFlag == "404 NR")
        let open = RouteTable(snapshot: Fixture.snapshot([other], gateways: [Fixture.gateway(hosts: ["shop/*"])]))
        #expect(open.decide(Fixture.request("/", host: "a.example.com")).forward != nil)
    }

    @Test("A Gateway whose selector picks no gateway pod makes no listener")
    func selectorMismatch() {
        let table = RouteTable(
            snapshot: Fixture.snapshot([], gateways: [Fixture.gateway(selector: ["istio": "egress"])]))
        #expect(!table.hasListener(port: 8080))
    }

    @Test("httpsRedirect answers 301 to https with the same host and path")
    func httpsRedirect() throws {
        let table = RouteTable(snapshot: Fixture.snapshot([], gateways: [Fixture.gateway(httpsRedirect: true)]))
        let reply = try #require(table.decide(Fixture.request("/a?b=1", host: "shop.test")).reply)
        #expect(reply.status == 301 && reply.headers["location"] == "https://shop.test/a?b=1")
    }

    @Test("The Envoy route name is istiod's: http[].name plus .match name, empty for an unnamed route")
    func envoyRouteNames() throws {
        var named = HTTPRoute(match: [.init(uri: .prefix("/a"))], route: [Fixture.to("myapp", subset: "v1")])
        named.name = "primary"
        named.match?[0].name = "m1"
        var unnamedMatch = HTTPRoute(match: [.init(uri: .prefix("/b"))], route: [Fixture.to("myapp", subset: "v1")])
        unnamedMatch.match?[0].name = "m2"
        let table = RouteTable(
            snapshot: Fixture.snapshot([
                Fixture.virtualService(http: [
                    named, unnamedMatch, HTTPRoute(route: [Fixture.to("myapp", subset: "v2")]),
                ])
            ]))
        #expect(try #require(table.decide(Fixture.request("/a")).forward).routeName == "primary.m1")
        #expect(try #require(table.decide(Fixture.request("/b")).forward).routeName == ".m2")
        #expect(try #require(table.decide(Fixture.request("/c")).forward).routeName == "")
        #expect(table.explain(Fixture.request("/c")).routeName == "myapp.2")
    }
}
