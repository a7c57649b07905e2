import Foundation

/// The time source controllers read, so tests can drive time by hand.
public protocol ClusterClock: Sendable {
    /// Seconds since the Unix epoch.
    func now() -> Double
    /// Suspends until `now()` reaches `deadline` (controllers' timers); throws when cancelled.
    func sleep(until deadline: Double) async throws
}

extension ClusterClock {
    /// Sleeps on the wall clock for the time left until `deadline`.
    public func sleep(until deadline: Double) async throws {
        let left = deadline - now()
        if left > 0 { try await Task.sleep(for: .milliseconds(Int64((left * 1000).rounded(.up)))) }
    }
}

/// The wall clock.
public struct SystemClock: ClusterClock {
    /// Creates the wall clock.
    public init() {}
    /// Seconds since the Unix epoch.
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// RFC 3339 timestamps as Kubernetes writes them (`2026-11-24T19:33:00Z`).
public enum Timestamp {
    /// Formats seconds since the epoch with second precision in UTC.
    public static func format(_ seconds: Double) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Hand-rolled digits: this runs on every store write, and String(format:) costs ~1 µs.
        var bytes = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 4, at: 0)
        put(Int(parts.tm_mon) + 1, 2, at: 5)
        put(Int(parts.tm_mday), 2, at: 8)
        put(Int(parts.tm_hour), 2, at: 11)
        put(Int(parts.tm_min), 2, at: 14)
        put(Int(parts.tm_sec), 2, at: 17)
        for (index, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] {
            bytes[index] = UInt8(ascii: Unicode.Scalar(separator)!)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses a timestamp written by `format` (or any RFC 3339 UTC time); nil when malformed.
    public static func parse(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }

    /// kubectl's AGE column (`translateTimestampSince`): `5s`, `3m2s`, `4h`, `2d3h`, `45d`, `2y10d`.
    public static func age(since start: Double?, now: Double) -> String {
        guard let start else { return "<unknown>" }
        let seconds = max(0, Int(now - start))
        return humanDuration(seconds)
    }

    /// The duration formatting of apimachinery's `HumanDuration`.
    public static func humanDuration(_ seconds: Int) -> String {
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let rest = seconds % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = seconds / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }
}
