import Foundation
import MeshCore

/// Renders objects as kubectl's `get` tables.
enum TableRendering {
    static func render(
        kind: ResourceKind, items: [JSONValue], wide: Bool, allNamespaces: Bool, showKind: Bool, showLabels: Bool,
        now: Double
    ) -> String {
        var rows = [["NAME", "AGE"]]
        for item in items {
            let name = item["metadata"]?["name"]?.stringValue ?? ""
            let created = item["metadata"]?["creationTimestamp"]?.stringValue.flatMap(Timestamp.parse)
            rows.append([showKind ? "\(kind.qualifiedSingular)/\(name)" : name, Timestamp.age(since: created, now: now)])
        }
        if allNamespaces {
            rows[0].insert("NAMESPACE", at: 0)
            for index in 1..<rows.count { rows[index].insert(items[index - 1]["metadata"]?["namespace"]?.stringValue ?? "", at: 0) }
        }
        return TextTable.render(rows)
    }
}
