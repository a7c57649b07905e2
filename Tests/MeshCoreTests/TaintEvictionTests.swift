import Testing

@testable import MeshCore

/// DefaultTolerationSeconds and the taint-eviction controller's decision.
@Suite(.timeLimit(.minutes(1))) struct TaintEvictionTests {
    static let now = 1_795_000_000.0
    static let unreachable = Taint(
        key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: Timestamp.format(now - 100))

    static func toleration(_ key: String, _ seconds: Int?, effect: String = "NoExecute") -> Toleration {
        Toleration(key: key, operator: "Exists", effect: effect, tolerationSeconds: seconds)
    }

    static let cases: [(String, [Toleration], [Taint], TaintEviction.Decision)] = [
        ("no NoExecute taint", [], [Taint(key: "x", effect: "NoSchedule")], .keep),
        ("no toleration", [], [unreachable], .evict(at: now)),
        (
            "default 300 s from timeAdded", [toleration("node.kubernetes.io/unreachable", 300)], [unreachable],
            .evict(at: now + 200)
        ),
        (
            "shortest in use wins", [toleration("node.kubernetes.io/unreachable", 60), toleration("", 30)],
            [unreachable], .evict(at: now - 40)
        ),
        ("forever", [toleration("node.kubernetes.io/unreachable", nil)], [unreachable], .keep),
        ("zero means now", [toleration("node.kubernetes.io/unreachable", 0)], [unreachable], .evict(at: now)),
        (
            "one taint untolerated", [toleration("node.kubernetes.io/unreachable", nil)],
            [unreachable, Taint(key: "gpu", effect: "NoExecute")], .evict(at: now)
        ),
        (
            "NoSchedule toleration does not count",
            [toleration("node.kubernetes.io/unreachable", nil, effect: "NoSchedule")], [unreachable], .evict(at: now)
        ),
    ]

    @Test(arguments: cases)
    func decide(name: String, tolerations: [Toleration], taints: [Taint], expected: TaintEviction.Decision) {
        #expect(TaintEviction.decide(tolerations: tolerations, taints: taints, now: Self.now) == expected, "\(name)")
    }

    @Test func defaultTolerationSecondsAddsWhatIsMissing() {
        let plugin = DefaultTolerationSeconds(notReadySeconds: 30, unreachableSeconds: 60)
        let bare = plugin.admit(SchedulerTests.pod())
        #expect(
            Toleration.of(bare.spec) == [
                Self.toleration("node.kubernetes.io/not-ready", 30),
                Self.toleration("node.kubernetes.io/unreachable", 60),
            ])
        // An explicit toleration (or one with an empty key or effect) is kept as it is.
        let own = SchedulerTests.pod(tolerations: [
            .object(["key": .string("node.kubernetes.io/unreachable"), "operator": .string("Exists")])
        ])
        #expect(
            Toleration.of(plugin.admit(own).spec).map(\.key) == [
                "node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready",
            ])
        let everything = SchedulerTests.pod(tolerations: [.object(["operator": .string("Exists")])])
        #expect(plugin.admit(everything) == everything)
    }
}
