/// A `meta.k8s.io/v1` Table as data: what `kubectl get` prints.
public struct Table: Sendable, Hashable {
    /// The column definitions, wide-only ones marked with priority 1.
    public var columns: [TableColumn]
    /// One row per object, one cell per column (all columns, including priority-1 ones).
    public var rows: [[String]]

    /// Creates a table.
    public init(columns: [TableColumn], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The table with a `NAMESPACE` column in front (`kubectl get -A`).
    public func withNamespaces(_ namespaces: [String]) -> Table {
        Table(
            columns: [TableColumn("Namespace", description: "Namespace of the object")] + columns,
            rows: zip(namespaces, rows).map { [$0] + $1 })
    }

    /// The `meta.k8s.io/v1` Table JSON (cells of integer columns as numbers), with `objects` as the
    /// rows' `object` fields when given.
    public func json(objects: [JSONValue]? = nil) -> JSONValue {
        let definitions: [JSONValue] = columns.map {
            .object([
                "name": .string($0.name), "type": .string($0.type), "format": .string($0.format),
                "description": .string($0.description), "priority": .int($0.priority),
            ])
        }
        let rowValues: [JSONValue] = rows.enumerated().map { index, row in
            let cells: [JSONValue] = zip(columns, row).map { column, cell in
                column.type == "integer" ? (Int(cell).map(JSONValue.int) ?? .string(cell)) : .string(cell)
            }
            var members: [String: JSONValue] = ["cells": .array(cells)]
            if let objects, index < objects.count { members["object"] = objects[index] }
            return .object(members)
        }
        return .object([
            "kind": .string("Table"), "apiVersion": .string("meta.k8s.io/v1"), "metadata": .object([:]),
            "columnDefinitions": .array(definitions), "rows": .array(rowValues),
        ])
    }
}

/// One `TableColumnDefinition`.
public struct TableColumn: Sendable, Hashable {
    /// Human name (`Name`, `Ready`); kubectl upper-cases it for the header.
    public var name: String
    /// OpenAPI type: `string`, `integer`, `date`.
    public var type: String
    /// OpenAPI format (`name` for the Name column).
    public var format: String
    /// 0 for default columns, 1 for `-o wide` only.
    public var priority: Int
    /// Column description.
    public var description: String

    /// Creates a column.
    public init(
        _ name: String, type: String = "string", format: String = "", priority: Int = 0, description: String = ""
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.priority = priority
        self.description = description
    }
}
