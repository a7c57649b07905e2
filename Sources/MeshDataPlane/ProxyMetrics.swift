import NIOCore

/// Istio standard metrics of one proxy (gateway or sidecar), recorded on the hot path into
/// per-shard tables (one lock each; connections are spread over shards) and merged on scrape.
public final class ProxyMetrics: Sendable {
    /// Istio's default duration buckets (ms), reference §10.
    public static let durationBuckets: [Double] = [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1_800_000,
        3_600_000,
    ]

    /// One time series' accumulated values.
    public struct Series: Sendable, Hashable {
        /// Number of requests (`istio_requests_total`).
        public var count: Int = 0
        /// Sum of durations in ms.
        public var durationSum: Double = 0
        /// Non-cumulative counts per bucket of `durationBuckets` (last slot: above all).
        public var bucketCounts: [Int] = Array(repeating: 0, count: ProxyMetrics.durationBuckets.count + 1)

        mutating func add(_ duration: Double, bucket: Int) {
            count += 1
            durationSum += duration
            bucketCounts[bucket] += 1
        }

        mutating func merge(_ other: Series) {
            count += other.count
            durationSum += other.durationSum
            for index in bucketCounts.indices { bucketCounts[index] += other.bucketCounts[index] }
        }
    }

    /// Key of the programmatic snapshot a `meshsim top` polls.
    public struct CountKey: Sendable, Hashable {
        /// FQDN of the routed service, `unknown` when none (404 NR).
        public var destinationService: String
        /// `version` label of the pod that answered (`unknown` for local replies).
        public var destinationVersion: String
        /// HTTP status sent to the client.
        public var responseCode: Int
        /// Envoy response flags (`-` when none).
        public var responseFlags: String
    }

    /// One time series' storage: found once per label set, then updated in place under its
    /// shard's lock (a cached cell spares the hot path from building and hashing 18 labels).
    final class Cell: @unchecked Sendable {
        let shard: Int
        /// Guarded by the lock of `shards[shard]`.
        var series = Series()

        init(shard: Int) { self.shard = shard }
    }

    /// Name of the proxy (pod name), used in logs and by shared scrapers.
    public let proxyName: String
    private let shards: [LockedBox<[RequestLabels: Cell]>]
    private let counters = LockedBox([String: Int]())

    /// Creates an empty registry with `shardCount` independent tables.
    public init(proxyName: String, shardCount: Int = 8) {
        self.proxyName = proxyName
        self.shards = (0..<max(1, shardCount)).map { _ in LockedBox([:]) }
    }

    /// Number of shards; callers pick `hint % shardCount`.
    var shardCount: Int { shards.count }

    /// Records one finished request.
    public func record(_ labels: RequestLabels, durationMilliseconds: Double, shardHint: Int = 0) {
        let shard = abs(shardHint) % shards.count
        let bucket = Self.bucket(for: durationMilliseconds)
        shards[shard].withLockedValue { table in
            Self.cell(for: labels, in: &table, shard: shard).series.add(durationMilliseconds, bucket: bucket)
        }
    }

    /// The series cell of `labels` in the shard picked by `shardHint` (created when new).
    func cell(for labels: RequestLabels, shardHint: Int) -> Cell {
        let shard = abs(shardHint) % shards.count
        return shards[shard].withLockedValue { Self.cell(for: labels, in: &$0, shard: shard) }
    }

    /// Records one finished request into a cell found earlier with `cell(for:shardHint:)`.
    func record(_ cell: Cell, durationMilliseconds: Double) {
        let bucket = Self.bucket(for: durationMilliseconds)
        shards[cell.shard].withLockedValue { _ in cell.series.add(durationMilliseconds, bucket: bucket) }
    }

    private static func cell(for labels: RequestLabels, in table: inout [RequestLabels: Cell], shard: Int) -> Cell {
        if let cell = table[labels] { return cell }
        let cell = Cell(shard: shard)
        table[labels] = cell
        return cell
    }

    /// Index of the first duration bucket holding `milliseconds` (the last slot: above all).
    private static func bucket(for milliseconds: Double) -> Int {
        durationBuckets.firstIndex { milliseconds <= $0 } ?? durationBuckets.count
    }

    /// Adds to an Envoy-style counter (e.g. `envoy_cluster_upstream_rq_pending_overflow`).
    func increment(_ counter: String, by amount: Int = 1) {
        counters.withLockedValue { $0[counter, default: 0] += amount }
    }

    /// All series merged across shards.
    public func snapshot() -> [RequestLabels: Series] {
        var merged: [RequestLabels: Series] = [:]
        for shard in shards {
            shard.withLockedValue { table in
                for (labels, cell) in table { merged[labels, default: Series()].merge(cell.series) }
            }
        }
        return merged
    }

    /// Request counts per destination service, version, code and flags (for `meshsim top`).
    public func requestCounts() -> [CountKey: Int] {
        var result: [CountKey: Int] = [:]
        for (labels, series) in snapshot() {
            let key = CountKey(
                destinationService: labels.destinationService, destinationVersion: labels.destinationVersion,
                responseCode: labels.responseCode, responseFlags: labels.responseFlags)
            result[key, default: 0] += series.count
        }
        return result
    }

    /// Envoy-style counters.
    public func counterValues() -> [String: Int] { counters.withLockedValue { $0 } }

    /// Prometheus text exposition format 0.0.4, as `/stats/prometheus` serves it.
    public func prometheusText() -> String {
        let series = snapshot().sorted { $0.key.sortKey < $1.key.sortKey }
        var out = "# TYPE istio_requests_total counter\n"
        for (labels, value) in series {
            out += "istio_requests_total{\(Self.render(labels.pairs))} \(value.count)\n"
        }
        out += "# TYPE istio_request_duration_milliseconds histogram\n"
        for (labels, value) in series {
            let rendered = Self.render(labels.pairs)
            var cumulative = 0
            for (index, bound) in Self.durationBuckets.enumerated() {
                cumulative += value.bucketCounts[index]
                out +=
                    "istio_request_duration_milliseconds_bucket{\(rendered),le=\"\(Self.formatBound(bound))\"} \(cumulative)\n"
            }
            out += "istio_request_duration_milliseconds_bucket{\(rendered),le=\"+Inf\"} \(value.count)\n"
            out += "istio_request_duration_milliseconds_sum{\(rendered)} \(value.durationSum)\n"
            out += "istio_request_duration_milliseconds_count{\(rendered)} \(value.count)\n"
        }
        for (name, value) in counterValues().sorted(by: { $0.key < $1.key }) {
            let base = name.split(separator: "{").first.map(String.init) ?? name
            out += "# TYPE \(base) counter\n\(name) \(value)\n"
        }
        return out
    }

    private static func render(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
    }

    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    private static func formatBound(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }
}

extension RequestLabels {
    fileprivate var sortKey: String {
        "\(destinationService)|\(destinationVersion)|\(responseCode)|\(responseFlags)|\(destinationWorkload)|\(reporter)"
    }
}
