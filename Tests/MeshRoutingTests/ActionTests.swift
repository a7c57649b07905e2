import MeshCore
import MeshRouting
import Testing

@Suite("Rewrite, redirect, direct response, headers, policies (reference §3.5–3.10)", .timeLimit(.minutes(1)))
struct ActionTests {
    private func table(_ http: [HTTPRoute]) -> RouteTable {
        RouteTable(snapshot: Fixture.snapshot([Fixture.virtualService(http: http)]))
    }

    @Test(
        "rewrite.uri replaces exactly the matched prefix",
        arguments: [
            ("/ledger/", "/", "/ledger/items?x=1", "/items?x=1"),
            ("/ink", "/api", "/inkwell/x", "/apiwell/x"),
            ("/shop", "/", "/shop/cart", "//cart"),
        ])
    func prefixRewrite(prefix: String, uri: String, path: String, expected: String) throws {
        let routes = table([
            HTTPRoute(
                match: [.init(uri: .prefix(prefix))], route: [Fixture.to("myapp")], rewrite: HTTPRewrite(uri: uri))
        ])
        let action = try #require(routes.decide(Fixture.request(path)).forward)
        #expect(action.path == expected)
        #expect(action.pathRewritten)
        #expect(action.authority == "localhost:8080")
    }

    @Test("rewrite.uri with an exact match replaces the whole path and keeps the query")
    func exactRewrite() throws {
        let routes = table([
            HTTPRoute(
                match: [.init(uri: .exact("/old"))], route: [Fixture.to("myapp")],
                rewrite: HTTPRewrite(uri: "/new/path"))
        ])
        #expect(try #require(routes.decide(Fixture.request("/old?a=1")).forward).path == "/new/path?a=1")
    }

    @Test("uriRegexRewrite substitutes groups; authority rewrite replaces the Host")
    func regexRewrite() throws {
        let rewrite = HTTPRewrite(
            authority: "internal.test",
            uriRegexRewrite: RegexRewrite(match: "^/service/([^/]+)(/.*)$", rewrite: "\\2/instance/\\1"))
        let routes = table([HTTPRoute(route: [Fixture.to("myapp")], rewrite: rewrite)])
        let action = try #require(routes.decide(Fixture.request("/service/update/v1/api?q")).forward)
        #expect(action.path == "/v1/api/instance/update?q")
        #expect(action.authority == "internal.test")
    }

    @Test(
        "redirect builds the location like Envoy",
        arguments: [
            (HTTPRedirect(uri: "/new"), "/old?q=1", "localhost:8080", 301, "http://localhost:8080/new?q=1"),
            (
                HTTPRedirect(authority: "example.com", redirectCode: 302), "/a", "localhost:8080", 302,
                "http://example.com/a"
            ),
            (HTTPRedirect(scheme: "https"), "/a", "shop.test", 301, "https://shop.test/a"),
            // Envoy drops the old scheme's default port when the scheme changes, and only then.
            (HTTPRedirect(scheme: "https"), "/a", "shop.test:80", 301, "https://shop.test/a"),
            (HTTPRedirect(uri: "/new"), "/a", "shop.test:80", 301, "http://shop.test:80/new"),
            (HTTPRedirect(scheme: "https"), "/a", "shop.test:443", 301, "https://shop.test:443/a"),
            (
                HTTPRedirect(port: 9443, scheme: "https", redirectCode: 308), "/a", "shop.test:8080", 308,
                "https://shop.test:9443/a"
            ),
        ])
    func redirect(redirect: HTTPRedirect, path: String, host: String, status: Int, location: String) throws {
        let routes = table([HTTPRoute(redirect: redirect)])
        let reply = try #require(routes.decide(Fixture.request(path, host: host)).reply)
        #expect(reply.status == status)
        #expect(reply.body.isEmpty)
        #expect(reply.headers["location"] == location)
    }

    @Test("redirect prefixRewrite replaces the matched prefix only")
    func redirectPrefixRewrite() throws {
        var redirect = HTTPRedirect()
        redirect.prefixRewrite = "/v2"
        let routes = table([HTTPRoute(match: [.init(uri: .prefix("/v1"))], redirect: redirect)])
        let reply = try #require(routes.decide(Fixture.request("/v1/items?x=1", host: "shop.test")).reply)
        #expect(reply.headers["location"] == "http://shop.test/v2/items?x=1")
    }

    @Test("directResponse answers without an upstream")
    func directResponse() throws {
        let routes = table([HTTPRoute(directResponse: HTTPDirectResponse(status: 418, body: "teapot"))])
        let reply = try #require(routes.decide(Fixture.request("/")).reply)
        #expect(reply.status == 418 && reply.body == "teapot" && reply.details == "direct_response")
    }

    @Test("Header operations: route first, destination wins; host set becomes an authority rewrite")
    func headerOperations() throws {
        var destination = Fixture.to("myapp")
        destination.headers = IstioHeaders(request: IstioHeaderOperations(set: ["x-who": "destination"]))
        let route = HTTPRoute(
            route: [destination],
            headers: IstioHeaders(
                request: IstioHeaderOperations(set: ["x-who": "route", "Host": "api.test"], remove: ["cookie"]),
                response: IstioHeaderOperations(add: ["x-served-by": "mesh"])))
        let action = try #require(table([route]).decide(Fixture.request("/")).forward)
        #expect(action.requestHeaders.setHeaders == ["x-who": "destination"])
        #expect(action.requestHeaders.removeHeaders == ["cookie"])
        #expect(action.responseHeaders.addHeaders == ["x-served-by": "mesh"])
        #expect(action.authority == "api.test")
    }

    @Test("Timeouts and retries: Istio defaults when absent, explicit values converted")
    func timeoutsAndRetries() throws {
        let plain = try #require(table([HTTPRoute(route: [Fixture.to("myapp")])]).decide(Fixture.request("/")).forward)
        #expect(plain.timeoutMilliseconds == nil)
        #expect(plain.retryPolicy == .istioDefault)
        let tuned = try #require(
            table([
                HTTPRoute(
                    route: [Fixture.to("myapp")], timeout: "1.5s",
                    retries: HTTPRetry(attempts: 3, perTryTimeout: "100ms", retryOn: "5xx,503"))
            ]).decide(Fixture.request("/")).forward)
        #expect(tuned.timeoutMilliseconds == 1_500)
        #expect(tuned.retryPolicy.attempts == 3 && tuned.retryPolicy.perTryTimeoutMilliseconds == 100)
        #expect(tuned.retryPolicy.retryOn == ["5xx", "retriable-status-codes"])
        #expect(tuned.retryPolicy.retriableStatusCodes == [503])
        let disabled = try #require(
            table([HTTPRoute(route: [Fixture.to("myapp")], retries: HTTPRetry(attempts: 0))]).decide(
                Fixture.request("/")
            ).forward)
        #expect(disabled.retryPolicy.attempts == 0)
    }

    @Test("Mirrors: mirrorPercentage absent means 100 %, explicit 0 means never")
    func mirrors() throws {
        let always = try #require(
            table([
                HTTPRoute(route: [Fixture.to("myapp", subset: "v1")], mirror: Destination(host: "myapp", subset: "v2"))
            ])
            .decide(Fixture.request("/")).forward)
        #expect(always.mirrors.map(\.cluster.name) == ["outbound|80|v2|myapp.default.svc.cluster.local"])
        #expect(always.mirrors.first?.authority == "localhost:8080")
        let never = try #require(
            table([
                HTTPRoute(
                    route: [Fixture.to("myapp", subset: "v1")], mirror: Destination(host: "myapp", subset: "v2"),
                    mirrorPercentage: Percent(0))
            ]).decide(Fixture.request("/")).forward)
        #expect(never.mirrors.isEmpty)
    }

    @Test("DestinationRule traffic policy lands on the cluster; subset policy overrides")
    func trafficPolicy() throws {
        var snapshot = Fixture.snapshot([
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v2")])])
        ])
        var rule = Fixture.destinationRule()
        rule.spec.trafficPolicy = TrafficPolicy(
            loadBalancer: .init(simple: "ROUND_ROBIN"),
            connectionPool: .init(
                tcp: .init(maxConnections: 1), http: .init(http1MaxPendingRequests: 1, maxRequestsPerConnection: 1)),
            outlierDetection: .init(
                consecutive5xxErrors: 1, interval: "1s", baseEjectionTime: "3m", maxEjectionPercent: 100))
        rule.spec.subsets?[1].trafficPolicy = TrafficPolicy(loadBalancer: .init(simple: "RANDOM"))
        snapshot.destinationRules = [rule]
        let table = RouteTable(snapshot: snapshot)
        let cluster = try #require(table.decide(Fixture.request("/")).forward?.cluster)
        #expect(cluster.loadBalancer == .random)
        #expect(
            cluster.connectionPool
                == ConnectionPoolSettings(maxConnections: 1, http1MaxPendingRequests: 1, maxRequestsPerConnection: 1))
        #expect(
            cluster.outlierDetection
                == OutlierDetectionSettings(
                    consecutive5xxErrors: 1, intervalMilliseconds: 1_000, baseEjectionTimeMilliseconds: 180_000,
                    maxEjectionPercent: 100))
        #expect(table.cluster(named: "outbound|80|v1|myapp.default.svc.cluster.local")?.loadBalancer == .roundRobin)
        #expect(table.cluster(named: "outbound|80||myapp.default.svc.cluster.local")?.endpoints.count == 2)
    }

    @Test("CORS: allowed preflights are answered by the gateway, actual requests get allow-origin headers")
    func cors() throws {
        var policy = CorsPolicy()
        policy.allowOrigins = [.exact("https://app.test")]
        policy.allowMethods = ["GET", "POST"]
        policy.allowHeaders = ["x-token"]
        policy.exposeHeaders = ["x-trace"]
        policy.maxAge = "24h"
        policy.allowCredentials = true
        var route = HTTPRoute(route: [Fixture.to("myapp")])
        route.corsPolicy = policy
        let routes = table([route])
        let preflight = [
            (name: "Origin", value: "https://app.test"), (name: "Access-Control-Request-Method", value: "POST"),
        ]
        let reply = try #require(routes.decide(Fixture.request("/", method: "OPTIONS", headers: preflight)).reply)
        #expect(reply.status == 200)
        #expect(
            reply.headers == [
                "access-control-allow-origin": "https://app.test", "access-control-allow-methods": "GET,POST",
                "access-control-allow-headers": "x-token", "access-control-max-age": "86400",
                "access-control-allow-credentials": "true",
            ])
        let other = [
            (name: "origin", value: "https://evil.test"), (name: "access-control-request-method", value: "POST"),
        ]
        #expect(routes.decide(Fixture.request("/", method: "OPTIONS", headers: other)).forward != nil)
        let actual = try #require(
            routes.decide(Fixture.request("/", headers: [("origin", "https://app.test")])).forward)
        #expect(
            actual.responseHeaders.setHeaders == [
                "access-control-allow-origin": "https://app.test", "access-control-expose-headers": "x-trace",
                "access-control-allow-credentials": "true",
            ])
    }

    @Test("DestinationRule lookup: gateway namespace, then the Service's, then istio-system; others ignored")
    func destinationRuleLookup() {
        var snapshot = Fixture.snapshot([
            Fixture.virtualService(http: [
                HTTPRoute(route: [Fixture.to("myapp.default.svc.cluster.local", subset: "v2")])
            ])
        ])
        snapshot.destinationRules = [
            Fixture.destinationRule(namespace: "shop", host: "myapp.default.svc.cluster.local")
        ]
        #expect(RouteTable(snapshot: snapshot).decide(Fixture.request("/")).statusAndFlag == "503 NC")
        var rootRule = Fixture.destinationRule(
            namespace: "istio-system", host: "myapp.default.svc.cluster.local", subsets: ["v2"])
        rootRule.spec.subsets?[0].labels = ["version": "v1"]
        snapshot.destinationRules = [rootRule]
        #expect(
            RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward?.cluster.endpoints.map(\.podName) == [
                "myapp-v1-abc"
            ])
        snapshot.destinationRules = [Fixture.destinationRule(), rootRule]
        #expect(
            RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward?.cluster.endpoints.map(\.podName) == [
                "myapp-v1-abc"
            ])
    }

    @Test("Two DestinationRules for one host in one namespace merge their subsets, first wins")
    func mergedDestinationRules() throws {
        var snapshot = Fixture.snapshot([
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v2")])])
        ])
        var second = Fixture.destinationRule("myapp-v2", subsets: ["v2"])
        second.spec.subsets?[0].labels = ["version": "v1"]
        snapshot.destinationRules = [Fixture.destinationRule("myapp-v1", subsets: ["v1"]), second]
        let table = RouteTable(snapshot: snapshot)
        #expect(
            try #require(table.decide(Fixture.request("/")).forward).cluster.endpoints.map(\.podName) == [
                "myapp-v1-abc"
            ])
        snapshot.destinationRules = [Fixture.destinationRule(subsets: ["v2"]), second]
        #expect(
            RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward?.cluster.endpoints.map(\.podName) == [
                "myapp-v2-0"
            ])
    }

    @Test("Service targetPort (number or container port name) picks each endpoint's real local port")
    func targetPortResolution() throws {
        var snapshot = Fixture.snapshot([
            Fixture.virtualService(http: [
                HTTPRoute(match: [.init(uri: .prefix("/admin"))], route: [Fixture.to("multi", port: 9090)]),
                HTTPRoute(route: [Fixture.to("multi", port: 80)]),
            ])
        ])
        snapshot.services = [
            Service(
                metadata: ObjectMeta(name: "multi", namespace: "default"),
                spec: ServiceSpec(
                    selector: ["app": "multi"],
                    ports: [
                        ServicePort(name: "http", port: 80, targetPort: .string("web")),
                        ServicePort(name: "http-admin", port: 9090, targetPort: .int(9901)),
                    ]))
        ]
        let pod = UpstreamEndpoint(
            address: "10.244.0.9", port: 8080, localPort: 40000, podName: "multi-1", labels: ["app": "multi"],
            localPorts: [8080: 40000, 9901: 40001], namedPorts: ["web": 8080])
        let noName = UpstreamEndpoint(
            address: "10.244.0.10", port: 8080, localPort: 40010, podName: "multi-2", labels: ["app": "multi"],
            localPorts: [8080: 40010, 9901: 40011])
        snapshot.endpoints = [ServiceEndpoints(namespace: "default", service: "multi", endpoints: [pod, noName])]
        let table = RouteTable(snapshot: snapshot)
        let web = try #require(table.decide(Fixture.request("/")).forward)
        #expect(web.cluster.endpoints.map(\.localPort) == [40000])
        let admin = try #require(table.decide(Fixture.request("/admin")).forward)
        #expect(admin.cluster.endpoints.map(\.localPort) == [40001, 40011])
        #expect(admin.cluster.endpoints.map(\.port) == [9901, 9901])
    }

    @Test("A targetPort the pod's app does not serve stays an endpoint whose connections are refused")
    func targetPortNobodyListensOn() throws {
        var snapshot = Fixture.snapshot([Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("web")])])])
        snapshot.services = [
            Service(
                metadata: ObjectMeta(name: "web", namespace: "default"),
                spec: ServiceSpec(
                    selector: ["app": "web"], ports: [ServicePort(name: "http", port: 80, targetPort: .int(7777))]))
        ]
        let pod = UpstreamEndpoint(
            address: "10.244.0.9", port: 5000, localPort: 40000, podName: "web-1", labels: ["app": "web"],
            localPorts: [5000: 40000])
        snapshot.endpoints = [ServiceEndpoints(namespace: "default", service: "web", endpoints: [pod])]
        let table = RouteTable(snapshot: snapshot)
        let forward = try #require(table.decide(Fixture.request("/")).forward)
        #expect(forward.cluster.endpoints.map(\.localPort) == [UpstreamEndpoint.closedPort])
        #expect(forward.cluster.endpoints.map(\.isListening) == [false])
        let lines = table.explain(Fixture.request("/")).lines
        #expect(
            lines.contains {
                $0.hasSuffix("endpoints: web-1 (10.244.0.9:7777 → nothing listens on port 7777; the app serves 5000)")
            })
        #expect(
            lines.contains {
                $0.hasSuffix("no endpoint listens on the target port → connection refused, retried, then 503 UF,URX")
            })
        // A pod with a sidecar is reached on any port: the sidecar intercepts it and refuses itself.
        var injected = pod
        injected.principal = "spiffe://cluster.local/ns/default/sa/default"
        snapshot.endpoints = [ServiceEndpoints(namespace: "default", service: "web", endpoints: [injected])]
        let viaSidecar = try #require(RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward)
        #expect(viaSidecar.cluster.endpoints.map(\.localPort) == [40000])
        #expect(viaSidecar.cluster.endpoints.map(\.port) == [7777])
        #expect(viaSidecar.cluster.endpoints.map(\.sidecarRefuses) == [true])
        let explained = RouteTable(snapshot: snapshot).explain(Fixture.request("/")).lines
        #expect(
            explained.contains {
                $0.hasSuffix(
                    "endpoints: web-1 (10.244.0.9:7777 → 127.0.0.1:40000, its sidecar, which finds nothing on port 7777; the app serves 5000)"
                )
            })
        #expect(
            explained.contains {
                $0.hasSuffix("no app listens on the target port → 503 UF,URX (a pod's sidecar answers it itself)")
            })
    }

    @Test("A ServiceEntry with a STATIC 127.0.0.1 endpoint fronts a local server")
    func serviceEntryLoopback() throws {
        var snapshot = Fixture.snapshot([
            Fixture.virtualService(hosts: ["*"], http: [HTTPRoute(route: [Fixture.to("legacy.local")])])
        ])
        snapshot.serviceEntries = [
            ServiceEntry(
                metadata: ObjectMeta(name: "legacy", namespace: "default"),
                spec: ServiceEntrySpec(
                    hosts: ["legacy.local"], ports: [IstioPort(number: 80, protocol: "HTTP", name: "http")],
                    location: "MESH_EXTERNAL", resolution: "STATIC",
                    endpoints: [ServiceEntryEndpoint(address: "127.0.0.1", ports: ["http": 5173])]))
        ]
        let action = try #require(RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward)
        #expect(action.cluster.name == "outbound|80||legacy.local")
        #expect(action.cluster.endpoints.map(\.localPort) == [5173])
        #expect(action.cluster.endpoints.map(\.localHost) == ["127.0.0.1"])
    }
}
