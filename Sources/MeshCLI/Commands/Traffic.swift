import ArgumentParser
import Foundation
import MeshAPI
import MeshCore
import MeshManifest
import NIOHTTP1

/// `meshsim traffic`: sends N requests through the ingress gateway and prints the split per
/// version and status code, with the 99.9% binomial bounds of the expected share.
struct Traffic: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "traffic", abstract: "Send requests through the ingress gateway and print the split.")
    @OptionGroup var global: GlobalOptions
    @Option(
        name: [.customShort("n"), .customLong("count")],
        help: "Number of requests (default 1000; with --duration, at most this many).")
    var count: Int?
    @Option(help: "Send for this long instead of a count (500ms, 2s, 1m; at most 10m).") var duration: String?
    @Option(help: "Requests per second across all connections, paced open-loop (at most 10000).") var rate: Double?
    @Option(help: "Parallel keep-alive connections (1 to 256).") var concurrency: Int = 1
    @Option(help: "Request path.") var path: String = "/"
    @Option(name: [.customShort("X"), .customLong("method")], help: "Request method (GET, HEAD, POST, ...).")
    var method: String = "GET"
    @Option(name: [.customShort("H"), .customLong("header")], help: "Extra header 'Name: value' (repeatable).")
    var headers: [String] = []
    @Option(help: "Expected share per version, e.g. v1=50,v2=50 (checked against binomial bounds).")
    var expect: String?

    /// The `--duration` in seconds.
    private var seconds: Double? {
        duration.flatMap(IstioDuration.nanoseconds).map { Double($0) / 1e9 }
    }

    func validate() throws {
        guard TrafficStep.methods.contains(method.uppercased()) else {
            throw ValidationError("--method must be one of \(TrafficStep.methods.joined(separator: ", "))")
        }
        if let count, count <= 0 || count > TrafficStep.maximumCount {
            throw ValidationError("--count must be between 1 and \(TrafficStep.maximumCount)")
        }
        if let duration {
            guard let seconds, seconds > 0, seconds <= TrafficStep.maximumDuration else {
                throw ValidationError(
                    "invalid --duration \"\(duration)\": use a duration with a unit above 0 and at most 10m (500ms, 2s, 1m)"
                )
            }
        }
        if let rate, !(rate > 0 && rate <= TrafficStep.maximumRate) {
            throw ValidationError(
                "--rate must be above 0 and at most \(Int(TrafficStep.maximumRate)) requests per second")
        }
        if let rate, duration == nil, Double(count ?? 1000) / rate > TrafficStep.maximumDuration {
            throw ValidationError(
                "\(count ?? 1000) requests at --rate \(rate) would take more than 10m; add --duration")
        }
        guard concurrency >= 1, concurrency <= 256 else {
            throw ValidationError("--concurrency must be between 1 and 256")
        }
    }

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            guard let port = connection.info.gatewayPorts["80"] else {
                throw CLIError("error: this cluster has no ingress gateway (started with --no-istio?)")
            }
            let parsedHeaders = headers.compactMap { text -> (String, String)? in
                guard let colon = text.firstIndex(of: ":") else { return nil }
                return (
                    String(text[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                )
            }
            // Routes compile asynchronously after a change: wait for the table of the current revision.
            _ = try await connection.request(.GET, "/meshsim/v1/wait-routes")
            var generator = LoadGenerator(
                port: port, path: path, headers: parsedHeaders,
                pacing: TrafficPacing(count: count ?? (duration == nil ? 1000 : nil), duration: seconds, rate: rate),
                concurrency: concurrency)
            generator.method = HTTPMethod(rawValue: method.uppercased())
            let outcome = try await generator.run()
            print(outcome.rateLine(target: rate))
            print(outcome.tally.report(), terminator: "")
            if let expect {
                let failures = outcome.tally.check(expect)
                for failure in failures { printError(failure) }
                if !failures.isEmpty { throw CLIError("", code: 1) }
            }
        }
    }
}

/// Counts responses per version and status, and checks shares against binomial bounds.
struct TrafficTally {
    var versions: [String: Int] = [:]
    var statuses: [Int: Int] = [:]
    var total = 0
    var bodyMismatches = 0
    var headerMismatches = 0

    mutating func merge(_ other: TrafficTally) {
        total += other.total
        for (version, count) in other.versions { versions[version, default: 0] += count }
        for (status, count) in other.statuses { statuses[status, default: 0] += count }
        bodyMismatches += other.bodyMismatches
        headerMismatches += other.headerMismatches
    }

    mutating func add(status: Int, body: String) {
        total += 1
        statuses[status, default: 0] += 1
        versions[Self.version(in: body, status: status), default: 0] += 1
    }

    /// The version a body names: `myapp v2`, `Hello version: v2`, else the status.
    static func version(in body: String, status: Int) -> String {
        for marker in ["Hello version: ", "myapp "] {
            if let range = body.range(of: marker) {
                let rest = body[range.upperBound...]
                let word = rest.prefix { !$0.isWhitespace && $0 != "," && $0 != "<" }
                if !word.isEmpty { return String(word) }
            }
        }
        return status == 200 ? "other" : "HTTP \(status)"
    }

    /// The split per version as a bar chart, then the status codes.
    func report() -> String {
        var out = ""
        var rows = [["VERSION", "COUNT", "SHARE", ""]]
        for (version, count) in versions.sorted(by: { $0.key < $1.key }) {
            let share = Double(count) / Double(max(total, 1))
            rows.append([
                version, String(count), String(format: "%.1f%%", share * 100),
                String(repeating: "█", count: Int((share * 40).rounded())),
            ])
        }
        out += TableRenderer.align(rows, padding: 3, minWidth: 0)
        out +=
            "status codes: "
            + statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ") + "\n"
        return out
    }

    /// Checks `v1=50,v2=50`; each count must lie in the exact 99.9% two-sided binomial interval.
    func check(_ expectation: String) -> [String] {
        var failures: [String] = []
        for part in expectation.split(separator: ",") {
            let pieces = part.split(separator: "=")
            guard pieces.count == 2, let percent = Double(pieces[1]) else {
                failures.append("error: bad --expect entry \"\(part)\"; use v1=50,v2=50")
                continue
            }
            let version = String(pieces[0])
            let observed = versions[version] ?? 0
            let bounds = BinomialBounds.interval(n: total, p: percent / 100, confidence: 0.999)
            if observed < bounds.lower || observed > bounds.upper {
                failures.append(
                    "FAIL: \(version) answered \(observed) of \(total); expected \(percent)% → 99.9% bounds [\(bounds.lower), \(bounds.upper)]"
                )
            } else {
                print(
                    "PASS: \(version) answered \(observed) of \(total), inside the 99.9% bounds [\(bounds.lower), \(bounds.upper)] for \(percent)%"
                )
            }
        }
        return failures
    }
}
