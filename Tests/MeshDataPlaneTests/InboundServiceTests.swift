import Testing

@testable import MeshDataPlane

@Suite(.timeLimit(.minutes(1))) struct InboundServiceTests {
    @Test(
        arguments: [
            ([], "myapp", nil),
            (["myapp.default.svc.cluster.local"], "localhost:8080", "myapp.default.svc.cluster.local"),
            (["a.default.svc.cluster.local", "b.default.svc.cluster.local"], "b", "b.default.svc.cluster.local"),
            (
                ["a.default.svc.cluster.local", "b.default.svc.cluster.local"], "B.default:80",
                "b.default.svc.cluster.local"
            ),
            (
                ["a.default.svc.cluster.local", "b.default.svc.cluster.local"], "example.com",
                "a.default.svc.cluster.local"
            ),
        ] as [([String], String, String?)])
    func hostHeaderPicksAmongSeveralServices(hosts: [String], authority: String, expected: String?) {
        #expect(SidecarProxy.inboundService(among: hosts, authority: authority) == expected)
    }
}
