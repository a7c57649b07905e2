import Foundation

extension JSONValue {
    /// Parses JSON bytes with `JSONSerialization`: several times faster than `Decodable` for an
    /// untyped tree, because no decoding error is thrown per probed type.
    public static func parse(_ data: Data) throws -> JSONValue {
        from(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static let booleanType = type(of: NSNumber(value: true))

    /// Converts a `JSONSerialization` value.
    static func from(_ any: Any) -> JSONValue {
        switch any {
        case let text as String: return .string(text)
        case let number as NSNumber:
            if type(of: number) == booleanType { return .bool(number.boolValue) }
            let code = String(cString: number.objCType)
            if code == "d" || code == "f" {
                let value = number.doubleValue
                return value.rounded() == value && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
            }
            return .int(number.intValue)
        case let items as [Any]: return .array(items.map(from))
        case let members as [String: Any]: return .object(members.mapValues(from))
        default: return .null
        }
    }
}

extension JSONValue {
    /// The value as a person reads it: scalars plainly (`2`, `v1`, `true`, `null`), objects and
    /// arrays as compact JSON.
    public var displayText: String {
        switch self {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array, .object: (try? String(decoding: JSONCoding.encoder.encode(self), as: UTF8.self)) ?? ""
        }
    }
}
