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
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
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
