import Foundation
import MeshCore
import Testing

@Suite("Istio webhook validation (reference §2.5, §3.4, §3.5, §3.8, §3.9, §4.1)", .timeLimit(.minutes(1)))
struct ValidationTests {
    private func messages(_ http: [HTTPRoute], hosts: [String] = ["myapp"], gateways: [String]? = nil) -> [String] {
        let vs = VirtualService(
            metadata: ObjectMeta(name: "vs", namespace: "default"),
            spec: VirtualServiceSpec(hosts: hosts, gateways: gateways, http: http))
        return IstioValidation.validate(vs).map(\.message)
    }

    private let dest = HTTPRouteDestination(destination: Destination(host: "myapp"))

    @Test("Modern relative weights: negative weights and an all-zero split are rejected, 110 total is fine")
    func weights() {
        let negative = messages([
            HTTPRoute(route: [
                HTTPRouteDestination(destination: Destination(host: "a"), weight: -5),
                HTTPRouteDestination(destination: Destination(host: "b"), weight: 10),
            ])
        ])
        #expect(negative == ["weight -5 < 0"])
        let zero = IstioValidation.validate(
            VirtualService(
                metadata: ObjectMeta(name: "vs"),
                spec: VirtualServiceSpec(
                    hosts: ["myapp"],
                    http: [
                        HTTPRoute(route: [
                            HTTPRouteDestination(destination: Destination(host: "a")),
                            HTTPRouteDestination(destination: Destination(host: "b")),
                        ])
                    ])))
        #expect(zero == [FieldError(path: "spec.http[0].route", message: "total destination weight = 0")])
        #expect(
            messages([
                HTTPRoute(route: [
                    HTTPRouteDestination(destination: Destination(host: "a"), weight: 70),
                    HTTPRouteDestination(destination: Destination(host: "b"), weight: 40),
                ])
            ]).isEmpty)
    }

    @Test(
        "Route action exclusivity",
        arguments: [
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    redirect: HTTPRedirect(uri: "/x")), "HTTP route cannot contain both route and redirect"
            ),
            (
                HTTPRoute(redirect: HTTPRedirect(uri: "/x"), rewrite: HTTPRewrite(uri: "/y")),
                "HTTP route rule cannot contain both rewrite and redirect"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    directResponse: HTTPDirectResponse(status: 200)),
                "HTTP route cannot contain both route and direct_response"
            ),
            (
                HTTPRoute(
                    directResponse: HTTPDirectResponse(status: 200),
                    fault: HTTPFaultInjection(abort: .init(httpStatus: 500))),
                "HTTP route cannot contain both fault and direct_response"
            ),
            (HTTPRoute(name: "empty"), "HTTP route, redirect or direct_response is required"),
        ])
    func exclusivity(route: HTTPRoute, expected: String) {
        #expect(messages([route]).contains(expected))
    }

    @Test(
        "Match and action field checks",
        arguments: [
            (
                HTTPRoute(
                    match: [.init(uri: .prefix(""))], route: [HTTPRouteDestination(destination: Destination(host: "a"))]
                ), "\"uri\": prefix string match should not be empty"
            ),
            (
                HTTPRoute(
                    match: [.init(headers: ["x": .regex("")])],
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))]),
                "\"headers\": regex string match should not be empty"
            ),
            (
                HTTPRoute(redirect: HTTPRedirect(redirectCode: 200)),
                "redirect must specify URI, authority, scheme, or port"
            ),
            (
                HTTPRoute(redirect: HTTPRedirect(uri: "/a", redirectCode: 200)),
                "200 is not a valid redirect code, must be 3xx"
            ),
            (HTTPRoute(directResponse: HTTPDirectResponse(status: 700)), "HTTP status 700 is not in range 200-599"),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))], fault: HTTPFaultInjection()),
                "HTTP fault injection must have an abort and/or a delay"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    fault: HTTPFaultInjection(abort: .init(httpStatus: 500, percentage: Percent(150)))),
                "percentage 150 is neither 0.0, nor in range [0.0001, 100.0]"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    fault: HTTPFaultInjection(abort: .init(httpStatus: 700, percentage: Percent(100)))),
                "HTTP status 700 is not in range 200-599"
            ),
            (
                HTTPRoute(route: [HTTPRouteDestination(destination: Destination(host: "a"))], timeout: "1.5x"),
                "invalid duration: 1.5x"
            ),
            (
                HTTPRoute(route: [HTTPRouteDestination(destination: Destination(host: "a"))], timeout: "100us"),
                "duration must be greater than 1ms"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    retries: HTTPRetry(attempts: 0, retryOn: "5xx")),
                "http retry policy configured when attempts are set to 0 (disabled)"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))],
                    retries: HTTPRetry(attempts: 2, retryOn: "foo")), "\"foo\" is not a valid retryOn policy"
            ),
            (
                HTTPRoute(route: [HTTPRouteDestination(destination: Destination(host: "a", subset: "V_1"))]),
                "subset name is invalid: V_1"
            ),
            (
                HTTPRoute(route: [HTTPRouteDestination(destination: Destination(host: "*"))]),
                "invalid destination host *"
            ),
            (
                HTTPRoute(
                    route: [HTTPRouteDestination(destination: Destination(host: "a"))], mirrorPercentage: Percent(150)),
                "mirror_percentage must have a max value of 100 (it has 150.000000)"
            ),
        ])
    func fieldChecks(route: HTTPRoute, expected: String) {
        #expect(messages([route]).contains(expected))
    }

    @Test("An invalid regex is reported with RE2 wording")
    func invalidRegex() {
        let found = messages([HTTPRoute(match: [.init(uri: .regex("(unclosed"))], route: [dest])])
        #expect(
            found.count == 1 && found[0].hasPrefix("\"uri\": error parsing regexp")
                && found[0].hasSuffix("(https://github.com/google/re2/wiki/Syntax)"))
    }

    @Test("Hosts: required, `*` only when bound to a gateway")
    func hosts() {
        #expect(messages([HTTPRoute(route: [dest])], hosts: []) == ["virtual service must have at least one host"])
        #expect(
            messages([HTTPRoute(route: [dest])], hosts: ["*"]) == [
                "wildcard host * is not allowed for virtual services bound to the mesh gateway"
            ])
        #expect(messages([HTTPRoute(route: [dest])], hosts: ["*"], gateways: ["gw"]).isEmpty)
        #expect(
            messages([HTTPRoute(route: [dest])], hosts: ["a.*.com"], gateways: ["gw"]) == [
                "domain name \"a.*.com\" invalid (label \"*\" invalid)"
            ])
    }

    @Test("Gateway checks")
    func gateway() {
        let empty = Gateway(metadata: ObjectMeta(name: "a.b"), spec: GatewaySpec())
        #expect(
            IstioValidation.validate(empty).map(\.message) == [
                "invalid gateway name: \"a.b\"", "gateway must have at least one server",
            ])
        let server = GatewayServer(port: IstioPort(number: 80, protocol: "HTTP", name: "http"), hosts: ["*"])
        let duplicate = Gateway(metadata: ObjectMeta(name: "gw"), spec: GatewaySpec(servers: [server, server]))
        #expect(
            IstioValidation.validate(duplicate) == [
                FieldError(
                    path: "spec.servers[1].port.name",
                    message: "port names in servers must be unique: duplicate name http")
            ])
        let noHosts = GatewayServer(port: IstioPort(number: 80, protocol: "FOO", name: "x"), hosts: [])
        #expect(
            IstioValidation.validate(Gateway(metadata: ObjectMeta(name: "gw"), spec: GatewaySpec(servers: [noHosts])))
                .map(\.message) == [
                    "server config must contain at least one host",
                    "invalid protocol \"FOO\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP",
                ])
        let https = GatewayServer(port: IstioPort(number: 443, protocol: "HTTPS", name: "https"), hosts: ["*"])
        #expect(
            IstioValidation.validate(Gateway(metadata: ObjectMeta(name: "gw"), spec: GatewaySpec(servers: [https])))
                .map(\.message)
                == ["server must have TLS settings for HTTPS/TLS protocols"])
        let redirect = GatewayServer(
            port: IstioPort(number: 80, protocol: "HTTP", name: "http"), hosts: ["*"],
            tls: ServerTLSSettings(httpsRedirect: true))
        #expect(
            IstioValidation.validate(Gateway(metadata: ObjectMeta(name: "gw"), spec: GatewaySpec(servers: [redirect])))
                .isEmpty)
        let plainTLS = GatewayServer(
            port: IstioPort(number: 80, protocol: "HTTP", name: "http"), hosts: ["*"],
            tls: ServerTLSSettings(mode: "SIMPLE"))
        #expect(
            IstioValidation.validate(Gateway(metadata: ObjectMeta(name: "gw"), spec: GatewaySpec(servers: [plainTLS])))
                .map(\.message)
                == ["server cannot have TLS settings for plain text HTTP ports"])
    }

    @Test("DestinationRule checks")
    func destinationRule() {
        let rule = DestinationRule(
            metadata: ObjectMeta(name: "dr"),
            spec: DestinationRuleSpec(host: "", subsets: [Subset(name: "v1"), Subset(name: "v1"), Subset(name: "V_1")]))
        #expect(
            IstioValidation.validate(rule).map(\.message) == [
                "empty domain name not allowed", "duplicate subset names: v1", "subset name is invalid: V_1",
            ])
    }

    @Test("ServiceEntry checks")
    func serviceEntry() {
        let entry = ServiceEntry(
            metadata: ObjectMeta(name: "se"),
            spec: ServiceEntrySpec(
                hosts: [],
                ports: [
                    IstioPort(number: 80, protocol: "HTTP", name: "http"),
                    IstioPort(number: 81, protocol: "HTTP", name: "http"),
                ],
                resolution: "STATIC", endpoints: [ServiceEntryEndpoint(address: "not-an-ip")]))
        #expect(
            IstioValidation.validate(entry).map(\.message) == [
                "service entry must have at least one host", "service entry port name \"http\" already defined",
                "endpoint address \"not-an-ip\" is not a valid IP address",
            ])
    }

    @Test(
        "Durations parse like Go's time.ParseDuration",
        arguments: [
            ("1.5s", 1_500), ("100ms", 100), ("1m", 60_000), ("1h30m", 5_400_000), ("0.5s", 500), ("0", 0),
        ])
    func durations(text: String, milliseconds: Int) {
        #expect(IstioDuration.milliseconds(text) == milliseconds)
    }

    @Test("Malformed durations are rejected", arguments: ["", "1", "s", "1.5x", "-1s", "1 s"])
    func badDurations(text: String) {
        #expect(IstioDuration.nanoseconds(text) == nil)
    }
}

@Suite("Codable round trip (unknown-field detection re-encodes)", .timeLimit(.minutes(1)))
struct RoundTripTests {
    static let virtualServiceJSON = """
        {"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"r","namespace":"default"},\
        "spec":{"exportTo":["."],"gateways":["gw"],"hosts":["*"],"http":[{"corsPolicy":{"allowOrigins":[{"exact":"https://a"}],"maxAge":"24h"},\
        "fault":{"abort":{"httpStatus":555,"percentage":{"value":100}},"delay":{"fixedDelay":"7s","percent":10}},\
        "headers":{"request":{"add":{"x":"1"},"remove":["y"],"set":{"z":"2"}}},\
        "match":[{"gateways":["gw"],"headers":{"end-user":{"exact":"jason"}},"ignoreUriCase":true,"method":{"exact":"GET"},"name":"m",\
        "port":80,"queryParams":{"q":{"regex":"a.*"}},"sourceLabels":{"app":"x"},"uri":{"prefix":"/a"},"withoutHeaders":{"x-test":{}}}],\
        "mirror":{"host":"m","subset":"v2"},"mirrorPercentage":{"value":50},"name":"n",\
        "retries":{"attempts":3,"backoff":"25ms","perTryTimeout":"2s","retryIgnorePreviousHosts":false,"retryOn":"5xx","retryRemoteLocalities":true},\
        "rewrite":{"authority":"a","uri":"/b"},"route":[{"destination":{"host":"h","port":{"number":80},"subset":"v1"},"headers":{"response":{"set":{"a":"b"}}},"weight":70}],\
        "timeout":"1.5s"}],"tcp":[{"route":[{"destination":{"host":"t"}}]}]}}
        """

    static let destinationRuleJSON = """
        {"apiVersion":"networking.istio.io/v1beta1","kind":"DestinationRule","metadata":{"name":"d"},\
        "spec":{"host":"h","subsets":[{"labels":{"version":"v1"},"name":"v1","trafficPolicy":{"loadBalancer":{"simple":"RANDOM"}}}],\
        "trafficPolicy":{"connectionPool":{"http":{"http1MaxPendingRequests":1,"maxRequestsPerConnection":1},"tcp":{"maxConnections":1}},\
        "loadBalancer":{"consistentHash":{"httpHeaderName":"x-user"}},"outlierDetection":{"baseEjectionTime":"3m","consecutive5xxErrors":1,"interval":"1s","maxEjectionPercent":100},\
        "portLevelSettings":[{"loadBalancer":{"simple":"ROUND_ROBIN"},"port":{"number":80}}],"tls":{"mode":"ISTIO_MUTUAL"}}}}
        """

    static let gatewayJSON = """
        {"apiVersion":"networking.istio.io/v1alpha3","kind":"Gateway","metadata":{"name":"g"},"spec":{"selector":{"istio":"ingressgateway"},\
        "servers":[{"bind":"0.0.0.0","hosts":["./*"],"name":"s","port":{"name":"http","number":80,"protocol":"HTTP"},"tls":{"httpsRedirect":true}}]}}
        """

    static let serviceEntryJSON = """
        {"apiVersion":"networking.istio.io/v1","kind":"ServiceEntry","metadata":{"name":"s"},"spec":{"addresses":["240.0.0.1"],\
        "endpoints":[{"address":"127.0.0.1","labels":{"v":"1"},"ports":{"http":5173}}],"exportTo":["*"],"hosts":["legacy.local"],\
        "location":"MESH_INTERNAL","ports":[{"name":"http","number":80,"protocol":"HTTP","targetPort":5173}],"resolution":"STATIC",\
        "workloadSelector":{"labels":{"a":"b"}}}}
        """

    private func roundTrip<T: KubeResource>(_ json: String, as type: T.Type) throws -> Bool {
        let original = try JSONCoding.decoder.decode(JSONValue.self, from: Data(json.utf8))
        let typed = try original.decode(T.self)
        return try JSONValue.encode(typed) == original
    }

    @Test("Every field a user may write survives decode → encode unchanged")
    func roundTrips() throws {
        #expect(try roundTrip(Self.virtualServiceJSON, as: VirtualService.self))
        #expect(try roundTrip(Self.destinationRuleJSON, as: DestinationRule.self))
        #expect(try roundTrip(Self.gatewayJSON, as: Gateway.self))
        #expect(try roundTrip(Self.serviceEntryJSON, as: ServiceEntry.self))
    }

    @Test("An unknown field is lost on re-encode (so it can be detected)")
    func unknownFieldDetectable() throws {
        let json =
            #"{"apiVersion":"networking.istio.io/v1","kind":"VirtualService","metadata":{"name":"r"},"spec":{"hosts":["a"],"htp":[]}}"#
        #expect(try !roundTrip(json, as: VirtualService.self))
    }
}
