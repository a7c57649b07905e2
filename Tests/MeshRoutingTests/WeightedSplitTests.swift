import MeshCore
import MeshRouting
import Testing

@Suite("Weighted destinations (reference §3.4, §12)", .timeLimit(.minutes(1)))
struct WeightedSplitTests {
    @Test(
        "The derived bounds reproduce the reference table",
        arguments: [
            (1000, 0.5, 448...552), (1000, 0.8, 757...841), (1000, 0.9, 868...930), (1000, 0.1, 70...132),
            (400, 0.5, 167...233), (200, 0.5, 77...123),
        ])
    func boundsMatchReference(n: Int, p: Double, expected: ClosedRange<Int>) {
        #expect(BinomialBounds.interval(n: n, p: p) == expected)
    }

    /// Counts subsets over `n` seeded decisions.
    private func counts(_ snapshot: RoutingSnapshot, n: Int, seed: UInt64 = 42) -> [String: Int] {
        let table = RouteTable(snapshot: snapshot)
        var random = SeededGenerator(seed: seed)
        var result: [String: Int] = [:]
        for _ in 0..<n {
            let decision = table.decide(Fixture.request("/"), random: &random)
            result[decision.forward?.destination.subset ?? decision.statusAndFlag, default: 0] += 1
        }
        return result
    }

    @Test("50/50 split over 10,000 requests stays inside the 99.9 % binomial interval")
    func fiftyFifty() {
        let bounds = BinomialBounds.interval(n: 10_000, p: 0.5)
        #expect(bounds.lowerBound > 4_800 && bounds.upperBound < 5_200)
        let result = counts(Fixture.seed(), n: 10_000)
        #expect(bounds.contains(result["v1", default: 0]))
        #expect(bounds.contains(result["v2", default: 0]))
        #expect(result.count == 2)
    }

    @Test("Relative weights 70/40 give 70/110 to the first destination", arguments: [UInt64(7), 99])
    func relativeWeights(seed: UInt64) {
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [
                HTTPRoute(route: [
                    Fixture.to("myapp", subset: "v1", weight: 70), Fixture.to("myapp", subset: "v2", weight: 40),
                ])
            ])
        ]
        let bounds = BinomialBounds.interval(n: 10_000, p: 70.0 / 110.0)
        #expect(bounds.contains(counts(snapshot, n: 10_000, seed: seed)["v1", default: 0]))
    }

    @Test("A weight-0 destination is never chosen")
    func zeroWeightDropped() {
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [
                HTTPRoute(route: [
                    Fixture.to("myapp", subset: "v1", weight: 0), Fixture.to("myapp", subset: "v2", weight: 1),
                ])
            ])
        ]
        #expect(counts(snapshot, n: 2_000) == ["v2": 2_000])
    }

    @Test("A single destination gets 100 % even with weight 0")
    func singleDestination() {
        var snapshot = Fixture.seed()
        snapshot.virtualServices = [
            Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp", subset: "v1", weight: 0)])])
        ]
        #expect(counts(snapshot, n: 500) == ["v1": 500])
    }

    @Test("No stickiness: both versions appear within the first 50 requests", arguments: [UInt64(1), 2, 3, 4, 5])
    func noStickiness(seed: UInt64) {
        let first50 = counts(Fixture.seed(), n: 50, seed: seed)
        #expect(first50["v1", default: 0] > 0 && first50["v2", default: 0] > 0)
    }

    @Test("Without subsets the decision names the bare cluster with every pod (per-pod split is the LB's job)")
    func bareServiceHasAllPods() throws {
        var snapshot = Fixture.seed(v2Pods: 3)
        snapshot.virtualServices = [Fixture.virtualService(http: [HTTPRoute(route: [Fixture.to("myapp")])])]
        let action = try #require(RouteTable(snapshot: snapshot).decide(Fixture.request("/")).forward)
        #expect(action.cluster.name == "outbound|80||myapp.default.svc.cluster.local")
        #expect(action.cluster.endpoints.count == 4)
    }
}
