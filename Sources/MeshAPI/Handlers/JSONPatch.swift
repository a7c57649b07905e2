import MeshCore

/// RFC 6902 JSON Patch (`application/json-patch+json`): add, remove, replace, move, copy, test,
/// addressed by RFC 6901 JSON pointers. `kubectl rollout undo` sends one.
public enum JSONPatch {
    /// Why a patch could not be applied.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, naming the operation.
        public var description: String
    }

    /// Applies every operation in order; fails without partial effect on the caller's value.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(Failure) -> JSONValue {
        guard let operations = patch.arrayValue else { throw Failure(description: "a JSON patch must be an array") }
        var result = document
        for operation in operations {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw Failure(description: "every JSON patch operation needs \"op\" and \"path\"")
            }
            let pointer = try parse(path)
            switch op {
            case "add": result = try set(result, pointer, operation["value"] ?? .null, insert: true)
            case "replace":
                _ = try get(result, pointer)
                result = try set(result, pointer, operation["value"] ?? .null, insert: false)
            case "remove": result = try remove(result, pointer)
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else {
                    throw Failure(description: "\(op) needs \"from\"")
                }
                let source = try parse(from)
                let value = try get(result, source)
                if op == "move" { result = try remove(result, source) }
                result = try set(result, pointer, value, insert: true)
            case "test":
                guard try get(result, pointer) == (operation["value"] ?? .null) else {
                    throw Failure(description: "test operation failed at \(path)")
                }
            default: throw Failure(description: "unknown JSON patch operation \"\(op)\"")
            }
        }
        return result
    }

    static func parse(_ pointer: String) throws(Failure) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { throw Failure(description: "invalid JSON pointer \"\(pointer)\"") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func get(_ value: JSONValue, _ pointer: [String]) throws(Failure) -> JSONValue {
        var current = value
        for token in pointer {
            switch current {
            case .object(let members):
                guard let next = members[token] else {
                    throw Failure(description: "path /\(pointer.joined(separator: "/")) not found")
                }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else {
                    throw Failure(description: "index \(token) out of range")
                }
                current = items[index]
            default: throw Failure(description: "path /\(pointer.joined(separator: "/")) not found")
            }
        }
        return current
    }

    static func set(_ value: JSONValue, _ pointer: [String], _ newValue: JSONValue, insert: Bool) throws(Failure)
        -> JSONValue
    {
        guard let token = pointer.first else { return newValue }
        let rest = Array(pointer.dropFirst())
        switch value {
        case .object(var members):
            if rest.isEmpty {
                members[token] = newValue
            } else {
                guard let child = members[token] else {
                    throw Failure(description: "path segment \"\(token)\" not found")
                }
                members[token] = try set(child, rest, newValue, insert: insert)
            }
            return .object(members)
        case .array(var items):
            if rest.isEmpty {
                if token == "-" {
                    items.append(newValue)
                } else if let index = Int(token), index >= 0, index <= items.count {
                    if insert {
                        items.insert(newValue, at: index)
                    } else if index < items.count {
                        items[index] = newValue
                    }
                } else {
                    throw Failure(description: "index \(token) out of range")
                }
            } else {
                guard let index = Int(token), items.indices.contains(index) else {
                    throw Failure(description: "index \(token) out of range")
                }
                items[index] = try set(items[index], rest, newValue, insert: insert)
            }
            return .array(items)
        default:
            throw Failure(description: "cannot add below a scalar at \"\(token)\"")
        }
    }

    static func remove(_ value: JSONValue, _ pointer: [String]) throws(Failure) -> JSONValue {
        guard let token = pointer.first else { return .null }
        let rest = Array(pointer.dropFirst())
        switch value {
        case .object(var members):
            guard let child = members[token] else { throw Failure(description: "path segment \"\(token)\" not found") }
            members[token] = rest.isEmpty ? nil : try remove(child, rest)
            return .object(members)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index) else {
                throw Failure(description: "index \(token) out of range")
            }
            if rest.isEmpty { items.remove(at: index) } else { items[index] = try remove(items[index], rest) }
            return .array(items)
        default:
            throw Failure(description: "path segment \"\(token)\" not found")
        }
    }
}
