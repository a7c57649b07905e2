import Foundation
import MeshCore

/// Renders objects as kubectl's `get` tables, using the printers of `MeshCore/Printing`.
enum TableRendering {
    static func table(kind: ResourceKind, items: [JSONValue], now: Double) -> Table {
        KindPrinter.table(kind: kind, items: items, now: now)
    }

    static func render(
        kind: ResourceKind, items: [JSONValue], wide: Bool, allNamespaces: Bool, showKind: Bool, showLabels: Bool,
        now: Double
    ) -> String {
        var table = table(kind: kind, items: items, now: now)
        if showKind {
            for index in table.rows.indices where !table.rows[index].isEmpty {
                table.rows[index][0] = "\(kind.qualifiedSingular)/\(table.rows[index][0])"
            }
        }
        if showLabels {
            table.columns.append(TableColumn("LABELS"))
            for (index, item) in items.enumerated() where index < table.rows.count {
                let labels = (item["metadata"]?["labels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value.stringValue ?? "")" }
                table.rows[index].append(labels.isEmpty ? "<none>" : labels.joined(separator: ","))
            }
        }
        if allNamespaces, kind.namespaced {
            table = table.withNamespaces(items.map { $0["metadata"]?["namespace"]?.stringValue ?? "" })
        }
        return TableRenderer.render(table, wide: wide)
    }
}
