import Foundation
import MeshAPI
import MeshCore
import NIOHTTP1

/// Sends requests to the ingress gateway on 127.0.0.1 from several keep-alive connections, paced by a
/// `TrafficPacing`, and tallies the answers. It stops by itself: after the count, the duration, or
/// `TrafficStep.maximumCount` requests, whichever comes first.
struct LoadGenerator: Sendable {
    var port: Int
    var path: String
    /// The request method (`GET` unless the step says otherwise).
    var method: HTTPMethod = .GET
    var headers: [(String, String)]
    var pacing: TrafficPacing
    var concurrency: Int
    /// Text every 2xx body must contain (mismatches are counted).
    var bodyContains: String?
    /// Header values every response must carry (mismatches are counted).
    var responseHeaders: [String: String] = [:]

    /// What a run measured.
    struct Outcome: Sendable {
        var tally = TrafficTally()
        /// Latency of every answered request in milliseconds, sorted.
        var latencies: [Double] = []
        /// Seconds from the first request to the last answer.
        var elapsed: Double = 0
        /// Connections used.
        var connections = 1

        /// Requests answered per second over the run.
        var achievedRate: Double { Double(tally.total) / max(elapsed, 1e-9) }

        /// The `p`th latency percentile as text.
        func percentile(_ p: Double) -> String {
            latencies.isEmpty
                ? "-" : String(format: "%.2fms", latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }

        /// `Sent 200 requests in 1.00s: 199.8 req/s achieved (target 200/s), 4 connections`.
        func rateLine(target: Double?) -> String {
            "Sent \(tally.total) requests in \(String(format: "%.2f", elapsed))s: "
                + "\(String(format: "%.1f", achievedRate)) req/s achieved"
                + (target.map { " (target \(String(format: "%g", $0))/s)" } ?? "")
                + ", \(connections) connection\(connections == 1 ? "" : "s")"
        }
    }

    /// Hands out request numbers to the connections, so the schedule is shared between them.
    private actor Dispenser {
        let pacing: TrafficPacing
        let start: ContinuousClock.Instant
        var next = 0

        init(pacing: TrafficPacing, start: ContinuousClock.Instant) {
            self.pacing = pacing
            self.start = start
        }

        /// The next request's due instant, or nil when the run is over.
        func take() -> ContinuousClock.Instant? {
            guard let due = pacing.due(next, elapsed: .now - start) else { return nil }
            next += 1
            return start + due
        }
    }

    /// Sends until the pacing says stop.
    func run() async throws -> Outcome {
        let connections = pacing.connections(concurrency)
        let start = ContinuousClock.now
        let dispenser = Dispenser(pacing: pacing, start: start)
        let parts = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for _ in 0..<connections {
                group.addTask { try await worker(dispenser) }
            }
            var all: [Outcome] = []
            for try await part in group { all.append(part) }
            return all
        }
        var outcome = Outcome()
        for part in parts {
            outcome.tally.merge(part.tally)
            outcome.latencies += part.latencies
        }
        outcome.latencies.sort()
        outcome.elapsed = TrafficPacing.seconds(.now - start)
        outcome.connections = connections
        return outcome
    }

    /// One keep-alive connection sending the requests it takes, each at its due time.
    private func worker(_ dispenser: Dispenser) async throws -> Outcome {
        var part = Outcome()
        var client = try await KeepAliveClient.connect(port: port)
        while let due = await dispenser.take() {
            if due > .now { try await Task.sleep(until: due, clock: .continuous) }
            let start = ContinuousClock.now
            let response: KeepAliveClient.Response
            do {
                response = try await client.get(path, method: method, headers: headers)
            } catch {
                // A connection the gateway closed: count the failure, reconnect, carry on.
                part.tally.add(status: 0, body: "")
                client = try await KeepAliveClient.connect(port: port)
                continue
            }
            part.latencies.append(TrafficPacing.seconds(.now - start) * 1000)
            part.tally.add(status: response.status, body: response.text)
            if (200..<300).contains(response.status), let text = bodyContains, !response.text.contains(text) {
                part.tally.bodyMismatches += 1
            }
            for (name, value) in responseHeaders where response.header(name) != value {
                part.tally.headerMismatches += 1
            }
            if response.header("connection")?.lowercased() == "close" {
                await client.close()
                client = try await KeepAliveClient.connect(port: port)
            }
        }
        await client.close()
        return part
    }
}
