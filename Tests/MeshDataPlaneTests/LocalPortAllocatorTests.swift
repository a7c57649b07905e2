import MeshDataPlane
import Testing

@Suite(.timeLimit(.minutes(1))) struct LocalPortAllocatorTests {
    @Test func wrapsAroundTheRangeFromItsOffset() {
        let ports = LocalPortAllocator(range: 40_000...40_002, offset: 4)
        #expect((0..<5).map { _ in ports.next() } == [40_001, 40_002, 40_000, 40_001, 40_002])
    }

    /// A port someone else holds is skipped: the next one in the range is bound instead.
    @Test func skipsAPortThatIsTaken() async throws {
        let holder = try await StatsServer.start(metrics: ProxyMetrics(proxyName: "holder"), group: group)
        defer { Task { await holder.stop() } }
        let taken = holder.port
        guard taken < 65_535 else { return }
        let ports = LocalPortAllocator(range: taken...(taken + 1))
        let server = try await ports.bind { port in
            try await StatsServer.start(metrics: ProxyMetrics(proxyName: "pod"), port: port, group: group)
        }
        #expect(server.port != taken)
        await server.stop()
    }
}
