/// The set of fields an object sets or a manager owns, as server-side apply tracks them
/// (structured-merge-diff's `fieldpath.Set`), with the FieldsV1 encoding kube-apiserver stores in
/// `metadata.managedFields[].fieldsV1`.
public struct FieldSet: Sendable, Hashable {
    /// Owned leaves, plus list-item paths (`containers[name="web"]`) that own the item itself.
    public var paths: Set<FieldPath>

    /// Creates a set.
    public init(_ paths: Set<FieldPath> = []) { self.paths = paths }

    /// Whether nothing is owned.
    public var isEmpty: Bool { paths.isEmpty }

    /// Members of both sets.
    public func intersection(_ other: FieldSet) -> FieldSet { FieldSet(paths.intersection(other.paths)) }
    /// Members of either set.
    public func union(_ other: FieldSet) -> FieldSet { FieldSet(paths.union(other.paths)) }
    /// Members not in `other`.
    public func subtracting(_ other: FieldSet) -> FieldSet { FieldSet(paths.subtracting(other.paths)) }

    /// The fields an object sets. Server-owned bookkeeping (`status`, `apiVersion`, `kind` and every
    /// `metadata` member but labels, annotations, finalizers and ownerReferences) is left out, as
    /// kube-apiserver's field manager does. `associativeLists` is false for custom resources, whose
    /// lists are atomic unless the CRD says otherwise (Istio's say nothing).
    public static func of(_ object: JSONValue, associativeLists: Bool) -> FieldSet {
        var paths: Set<FieldPath> = []
        for (name, value) in object.objectValue ?? [:] {
            switch name {
            case "apiVersion", "kind", "status": continue
            case "metadata":
                for member in ["labels", "annotations", "finalizers", "ownerReferences"] {
                    guard let inner = value[member] else { continue }
                    collect(
                        inner, at: FieldPath([.field("metadata"), .field(member)]), field: member,
                        associativeLists: associativeLists, into: &paths)
                }
            default:
                collect(
                    value, at: FieldPath([.field(name)]), field: name, associativeLists: associativeLists, into: &paths)
            }
        }
        return FieldSet(paths)
    }

    private static func collect(
        _ value: JSONValue, at path: FieldPath, field: String, associativeLists: Bool, into paths: inout Set<FieldPath>
    ) {
        switch value {
        case .null: return
        case .object(let members):
            // Why: `metav1.LabelSelector` is `+structType=atomic`; a selector is owned as one value.
            if members.isEmpty || (associativeLists && ListMergeKeys.isAtomicStruct(field: field, members)) {
                paths.insert(path)
                return
            }
            for (name, member) in members {
                collect(
                    member, at: path.appending(.field(name)), field: name, associativeLists: associativeLists,
                    into: &paths)
            }
        case .array(let items):
            if associativeLists, let key = ListMergeKeys.key(for: field, items: items),
                items.allSatisfy({ $0[key] != nil })
            {
                for item in items {
                    let itemPath = path.appending(.key([key: item[key] ?? .null]))
                    paths.insert(itemPath)
                    collect(item, at: itemPath, field: "", associativeLists: associativeLists, into: &paths)
                }
            } else if associativeLists, ListMergeKeys.sets.contains(field) {
                for item in items { paths.insert(path.appending(.value(item))) }
            } else {
                paths.insert(path)
            }
        default:
            paths.insert(path)
        }
    }

    // MARK: - FieldsV1

    /// The FieldsV1 tree: `{"f:spec":{"f:replicas":{}}}`; `"."` marks an owned node that also has children.
    public var fieldsV1: JSONValue {
        final class Node {
            var children: [String: Node] = [:]
            var owned = false
        }
        let root = Node()
        for path in paths {
            var node = root
            for element in path.elements {
                let key = element.fieldsV1Key
                if let next = node.children[key] {
                    node = next
                } else {
                    let next = Node()
                    node.children[key] = next
                    node = next
                }
            }
            node.owned = true
        }
        func render(_ node: Node) -> JSONValue {
            var members = node.children.mapValues(render)
            if node.owned, !members.isEmpty { members["."] = .object([:]) }
            return .object(members)
        }
        return render(root)
    }

    /// Parses a FieldsV1 tree.
    public init(fieldsV1: JSONValue) {
        var paths: Set<FieldPath> = []
        func walk(_ node: JSONValue, _ path: FieldPath) {
            let members = node.objectValue ?? [:]
            if !path.elements.isEmpty, members.isEmpty || members["."] != nil { paths.insert(path) }
            for (key, child) in members where key != "." {
                guard let element = PathElement(fieldsV1Key: key) else { continue }
                walk(child, path.appending(element))
            }
        }
        walk(fieldsV1, FieldPath([]))
        self.paths = paths
    }

    // MARK: - Values

    /// The value at `path` in `object`, or nil when it is not set.
    public static func value(at path: FieldPath, in object: JSONValue) -> JSONValue? {
        var current = object
        for element in path.elements {
            switch element {
            case .field(let name):
                guard let next = current[name], next != .null else { return nil }
                current = next
            case .key(let fields):
                guard
                    let item = current.arrayValue?.first(where: { item in fields.allSatisfy { item[$0.key] == $0.value }
                    })
                else { return nil }
                current = item
            case .value(let value):
                guard current.arrayValue?.contains(value) == true else { return nil }
                current = value
            }
        }
        return current
    }

    /// `object` without the field, list item or set value at `path`. Why: like structured-merge-diff's
    /// remover, a map or list left empty by the removal goes too.
    public static func removing(_ path: FieldPath, from object: JSONValue) -> JSONValue {
        guard let first = path.elements.first else { return object }
        let rest = FieldPath(Array(path.elements.dropFirst()))
        switch (first, object) {
        case (.field(let name), .object(var members)):
            guard let member = members[name] else { return object }
            let remaining = rest.elements.isEmpty ? nil : removing(rest, from: member)
            if remaining == member { return object }
            members[name] = remaining == .object([:]) || remaining == .array([]) ? nil : remaining
            return .object(members)
        case (.key(let fields), .array(let items)):
            let matches: (JSONValue) -> Bool = { item in fields.allSatisfy { item[$0.key] == $0.value } }
            if rest.elements.isEmpty { return .array(items.filter { !matches($0) }) }
            return .array(items.map { matches($0) ? removing(rest, from: $0) : $0 })
        case (.value(let value), .array(let items)):
            return .array(items.filter { $0 != value })
        default:
            return object
        }
    }
}
