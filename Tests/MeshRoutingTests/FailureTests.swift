import MeshCore
import MeshRouting
import Testing

@Suite("Failure catalogue (reference §5)", .timeLimit(.minutes(1)))
struct FailureTests {
    private func localReply(
        _ destination: HTTPRouteDestination, fault: HTTPFaultInjection? = nil,
        snapshot: RoutingSnapshot = Fixture.seed()
    )
        -> LocalReply?
    {
        var snapshot = snapshot
        snapshot.virtualServices = [Fixture.virtualService(http: [HTTPRoute(route: [destination], fault: fault)])]
        return RouteTable(snapshot: snapshot).decide(Fixture.request("/")).reply
    }

    @Test(
        "Cluster does not exist → 503 NC with an empty body",
        arguments: [
            Fixture.to("myapp", subset: "v3"),
            Fixture.to("nosuch"),
            Fixture.to("myapp", port: 9999),
        ])
    func noCluster(_ destination: HTTPRouteDestination) throws {
        let reply = try #require(localReply(destination))
        #expect(reply.status == 503 && reply.body.isEmpty && reply.responseFlags == "NC")
        #expect(reply.details == "cluster_not_found")
    }

    @Test("Cluster without ready endpoints → 503 UH \"no healthy upstream\"")
    func noHealthyUpstream() throws {
        var snapshot = Fixture.seed()
        snapshot.endpoints = [
            ServiceEndpoints(
                namespace: "default", service: "myapp",
                endpoints: [
                    Fixture.endpoint("myapp-v1-abc", version: "v1", localPort: 31001)
                ])
        ]
        let reply = try #require(localReply(Fixture.to("myapp", subset: "v2"), snapshot: snapshot))
        #expect(reply.status == 503 && reply.body == "no healthy upstream" && reply.responseFlags == "UH")
        #expect(reply.destination?.subset == "v2")
    }

    @Test("Fault abort at 100 % → status, body \"fault filter abort\", flag FI")
    func faultAbort() throws {
        let fault = HTTPFaultInjection(abort: .init(httpStatus: 555, percentage: Percent(100)))
        let reply = try #require(localReply(Fixture.to("myapp"), fault: fault))
        #expect(reply.status == 555 && reply.body == "fault filter abort" && reply.responseFlags == "FI")
        #expect(reply.destination?.serviceName == "myapp")
    }

    @Test("Fault percentage absent means 0 %: never applied")
    func faultWithoutPercentage() {
        let fault = HTTPFaultInjection(
            delay: .init(fixedDelay: "7s"), abort: .init(httpStatus: 500))
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp")], fault: fault)])
        ]
        let table = RouteTable(snapshot: snapshot)
        var random = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let action = table.decide(Fixture.request("/"), random: &random).forward
            #expect(action != nil && action?.fault == nil)
        }
    }

    @Test("Fault delay at 100 % is carried on the forward action; 10 % abort stays inside binomial bounds")
    func delayAndPartialAbort() {
        let fault = HTTPFaultInjection(
            delay: .init(fixedDelay: "1.5s", percentage: Percent(100)),
            abort: .init(httpStatus: 500, percentage: Percent(10)))
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp")], fault: fault)])
        ]
        let table = RouteTable(snapshot: snapshot)
        var random = SeededGenerator(seed: 11)
        var aborted = 0
        for _ in 0..<10_000 {
            switch table.decide(Fixture.request("/"), random: &random) {
            case .local(let reply):
                aborted += 1
                #expect(reply.delayMilliseconds == 1_500 && reply.status == 500)
            case .forward(let action):
                #expect(action.fault == FaultDecision(delayMilliseconds: 1_500))
            }
        }
        #expect(BinomialBounds.interval(n: 10_000, p: 0.1).contains(aborted))
    }
}
