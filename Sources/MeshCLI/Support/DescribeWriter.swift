import MeshCore

/// Accumulates describe output with kubectl's aligned `Key:  value` lines.
struct DescribeWriter {
    private(set) var text = ""

    mutating func line(_ key: String, _ value: String) {
        let padded = key.count < 18 ? key.padding(toLength: 18, withPad: " ", startingAt: 0) : key + "  "
        text += padded + value + "\n"
    }

    mutating func raw(_ line: String) { text += line + "\n" }

    mutating func map(_ key: String, _ value: JSONValue?, separator: String? = nil) {
        let pairs = (value?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value.stringValue ?? "")"
        }
        guard !pairs.isEmpty else { return line(key, "<none>") }
        if let separator { return line(key, pairs.joined(separator: separator)) }
        line(key, pairs[0])
        for pair in pairs.dropFirst() { text += String(repeating: " ", count: 18) + pair + "\n" }
    }

    mutating func tree(_ value: JSONValue, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                switch member {
                case .object, .array:
                    raw("\(pad)\(key):")
                    tree(member, indent: indent + 2)
                default: raw("\(pad)\(key):  \(scalar(member))")
                }
            }
        case .array(let items):
            for item in items {
                raw("\(pad)-")
                tree(item, indent: indent + 2)
            }
        default: raw(pad + scalar(value))
        }
    }

    private func scalar(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: ""
        }
    }

    mutating func events(_ events: [JSONValue], now: Double) {
        guard !events.isEmpty else { return raw("Events:            <none>") }
        raw("Events:")
        var rows = [["  Type", "Reason", "Age", "From", "Message"], ["  ----", "------", "----", "----", "-------"]]
        for event in events {
            let last = event["lastTimestamp"]?.stringValue.flatMap(Timestamp.parse)
            let first = event["firstTimestamp"]?.stringValue.flatMap(Timestamp.parse)
            var age = Timestamp.age(since: last, now: now)
            let count = event["count"]?.intValue ?? 1
            if count > 1 { age += " (x\(count) over \(Timestamp.age(since: first, now: now)))" }
            rows.append([
                "  " + (event["type"]?.stringValue ?? ""), event["reason"]?.stringValue ?? "", age,
                event["source"]?["component"]?.stringValue ?? "", event["message"]?.stringValue ?? "",
            ])
        }
        text += TableRenderer.align(rows, padding: 3, minWidth: 0)
    }
}
