/// Allocation-free parsing of the timestamps meshsim writes (`2026-11-24T19:33:00Z`), for hot paths
/// such as ranking thousands of pods; anything else falls back to `Timestamp.parse`.
public enum FastTime {
    /// Seconds since the epoch, or nil when `text` is absent or malformed.
    public static func parse(_ text: String?) -> Double? {
        guard let text else { return nil }
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58,
            bytes[16] == 58, bytes[19] == 90
        else { return Timestamp.parse(text) }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let digit = Int(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return Timestamp.parse(text) }
        return Double(daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
