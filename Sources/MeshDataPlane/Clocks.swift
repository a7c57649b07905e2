import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Wall-clock helpers shared by the servers: `Date` header values and nginx/Envoy log stamps,
/// cached per second because every response needs one.
enum WallClock {
    private struct Cache {
        var second = -1
        var httpDate = ""
        var nginxDate = ""
    }

    private static let cache = LockedBox(Cache())
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since the epoch, with sub-second precision.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Monotonic nanoseconds, for durations.
    static func monotonicNanos() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds
    }

    /// RFC 7231 IMF-fixdate: `Tue, 24 Nov 2026 19:40:00 GMT`.
    static func httpDate() -> String { current().httpDate }

    /// nginx `$time_local` in UTC: `24/Nov/2026:19:40:00 +0000`.
    static func nginxDate() -> String { current().nginxDate }

    private static func current() -> Cache {
        let second = Int(now())
        return cache.withLockedValue { cache in
            if cache.second != second {
                cache.second = second
                cache.httpDate = httpDate(epochSeconds: second)
                cache.nginxDate = nginxDate(epochSeconds: second)
            }
            return cache
        }
    }

    /// Formats an epoch second as an IMF-fixdate.
    static func httpDate(epochSeconds: Int) -> String {
        let t = parts(epochSeconds)
        return "\(days[Int(t.tm_wday)]), \(pad(Int(t.tm_mday))) \(months[Int(t.tm_mon)]) \(Int(t.tm_year) + 1900) "
            + "\(pad(Int(t.tm_hour))):\(pad(Int(t.tm_min))):\(pad(Int(t.tm_sec))) GMT"
    }

    /// Formats an epoch second as nginx's `$time_local` (UTC).
    static func nginxDate(epochSeconds: Int) -> String {
        let t = parts(epochSeconds)
        return "\(pad(Int(t.tm_mday)))/\(months[Int(t.tm_mon)])/\(Int(t.tm_year) + 1900):"
            + "\(pad(Int(t.tm_hour))):\(pad(Int(t.tm_min))):\(pad(Int(t.tm_sec))) +0000"
    }

    /// Envoy's `%START_TIME%`: `2026-11-24T19:40:00.123Z`.
    static func envoyDate(_ seconds: Double) -> String {
        let whole = Int(seconds)
        let t = parts(whole)
        let millis = min(999, Int((seconds - Double(whole)) * 1000))
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(Int(t.tm_year) + 1900)-\(pad(Int(t.tm_mon) + 1))-\(pad(Int(t.tm_mday)))T"
            + "\(pad(Int(t.tm_hour))):\(pad(Int(t.tm_min))):\(pad(Int(t.tm_sec))).\(ms)Z"
    }

    /// Parses an IMF-fixdate (the only format `If-Modified-Since` needs in practice).
    static func parseHTTPDate(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int(fields[1]), let year = Int(fields[3]),
            let month = months.firstIndex(of: String(fields[2]))
        else { return nil }
        let clock = fields[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(clock[0])
        t.tm_min = Int32(clock[1])
        t.tm_sec = Int32(clock[2])
        return Int(timegm(&t))
    }

    private static func parts(_ seconds: Int) -> tm {
        var time = time_t(seconds)
        var result = tm()
        gmtime_r(&time, &result)
        return result
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
