import Foundation
import MeshDataPlane
import MeshRouting
import NIOPosix
import Testing

/// Not a test: a way to run the gateway standalone for `wrk` until the lead's daemon exists.
/// Enabled only with `MESHSIM_BENCH_DIR=<dir>`: starts a gateway on `MESHSIM_BENCH_PORT`
/// (default 28095) routing 50/50 to `MESHSIM_BENCH_V1`/`MESHSIM_BENCH_V2` (default: two
/// in-process pod servers), writes `<dir>/port`, and runs until `<dir>/stop` exists.
@Suite(.timeLimit(.minutes(1))) struct BenchmarkHarness {
    static let directory = ProcessInfo.processInfo.environment["MESHSIM_BENCH_DIR"]

    @Test(.enabled(if: directory != nil)) func runGatewayForBenchmark() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try #require(Self.directory)
        var pods: [PodServer] = []
        func backend(_ key: String, _ version: String) async throws -> UpstreamEndpoint {
            if let port = environment[key].flatMap(Int.init) {
                return UpstreamEndpoint(
                    address: "10.244.0.\(version == "v1" ? 1 : 2)", port: 80, localPort: port,
                    podName: "bench-\(version)", namespace: "default", workload: "bench-\(version)",
                    labels: ["app": "bench", "version": version])
            }
            let pod = try await startPod("bench-\(version)", version: version)
            pods.append(pod)
            return endpoint(pod, version: version)
        }
        let c1 = cluster([try await backend("MESHSIM_BENCH_V1", "v1")], name: "outbound|80|v1|bench", lb: .leastRequest)
        let c2 = cluster([try await backend("MESHSIM_BENCH_V2", "v2")], name: "outbound|80|v2|bench", lb: .leastRequest)
        let router = FakeRouter { _, random in forward(random >> 63 == 0 ? c1 : c2) }
        let port = Int(environment["MESHSIM_BENCH_PORT"] ?? "") ?? 28095
        let threads = Int(environment["MESHSIM_BENCH_THREADS"] ?? "")
        let benchGroup = threads.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
        let gateway = try await IngressGateway.start(
            GatewayConfiguration(
                listeners: [GatewayListener(port: port)], accessLog: environment["MESHSIM_BENCH_LOG"] != nil),
            router: router, group: benchGroup ?? group)
        try "\(gateway.ports[0])\n".write(toFile: directory + "/port", atomically: true, encoding: .utf8)
        while !FileManager.default.fileExists(atPath: directory + "/stop") {
            try await Task.sleep(for: .milliseconds(100))
        }
        await gateway.stop()
        for pod in pods { await pod.stop() }
        try await benchGroup?.shutdownGracefully()
    }
}
