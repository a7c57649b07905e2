import ArgumentParser
import Foundation
import MeshCore

/// `meshsim top`: requests through the ingress gateway per destination version and status, from
/// the gateway's `istio_requests_total` (what Kiali's versioned-app graph is built from).
struct Top: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top", abstract: "Show request counts per destination version through the gateway.")
    @OptionGroup var global: GlobalOptions
    @Flag(name: .shortAndLong, help: "Refresh every second until interrupted.") var watch = false

    func run() async throws {
        try await runCLI {
            let connection = try DaemonConnection.open(global)
            repeat {
                let reply = try await connection.request(.GET, "/meshsim/v1/top")
                let rows = Self.rows(fromPrometheus: reply.text)
                if watch { print("\u{1B}[2J\u{1B}[H", terminator: "") }
                print(Self.render(rows), terminator: "")
                if watch { try await Task.sleep(for: .seconds(1)) }
            } while watch
        }
    }

    struct Row: Hashable {
        var service: String
        var version: String
        var code: String
        var flags: String
        var count: Int
    }

    /// Parses `istio_requests_total{...} N` lines.
    static func rows(fromPrometheus text: String) -> [Row] {
        var rows: [Row] = []
        for line in text.split(separator: "\n") where line.hasPrefix("istio_requests_total{") {
            guard let close = line.lastIndex(of: "}"),
                let count = Int(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
            else { continue }
            var labels: [String: String] = [:]
            let body = line[line.index(line.startIndex, offsetBy: "istio_requests_total{".count)..<close]
            for pair in body.components(separatedBy: "\",") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                labels[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            rows.append(
                Row(
                    service: labels["destination_service"] ?? "unknown",
                    version: labels["destination_version"] ?? "unknown",
                    code: labels["response_code"] ?? "", flags: labels["response_flags"] ?? "-", count: count))
        }
        return rows.sorted { ($0.service, $0.version, $0.code) < ($1.service, $1.version, $1.code) }
    }

    static func render(_ rows: [Row]) -> String {
        let total = max(1, rows.reduce(0) { $0 + $1.count })
        var table = [["SOURCE", "DESTINATION", "VERSION", "CODE", "FLAGS", "REQUESTS", "SHARE"]]
        for row in rows {
            table.append([
                "istio-ingressgateway", row.service, row.version, row.code, row.flags, String(row.count),
                String(format: "%.1f%%", Double(row.count) * 100 / Double(total)),
            ])
        }
        return rows.isEmpty
            ? "No requests through the ingress gateway yet.\n" : TableRenderer.align(table, padding: 3, minWidth: 0)
    }
}
