import Foundation
import MeshCore

/// What a `wait: {for: ...}` step waits for, written as `kubectl wait --for` takes it:
/// `condition=Available`, `condition=Ready=False`, `delete`, `jsonpath={.status.readyReplicas}=2`.
public enum WaitCondition: Sendable, Hashable, CustomStringConvertible {
    /// A `status.conditions[]` entry of this type with this status (`True` unless given).
    case condition(type: String, status: String)
    /// The object is gone (or was replaced by a new object with another uid).
    case delete
    /// The field holds this value, or merely exists when no value is given.
    case jsonPath(JSONPath, value: String?)

    /// The forms, for error messages.
    public static let forms =
        "condition=TYPE[=STATUS], delete, or jsonpath={.FIELD}[=VALUE] (as kubectl wait --for takes them)"

    /// Parses a `--for` value; nil when it is none of the forms.
    public init?(kubectl text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lowered = trimmed.lowercased()
        if lowered == "delete" {
            self = .delete
        } else if lowered.hasPrefix("condition=") {
            let parts = trimmed.dropFirst("condition=".count).split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let type = String(parts[0])
            let status = parts.count > 1 ? String(parts[1]) : "True"
            guard !type.isEmpty, !status.isEmpty, !status.contains("=") else { return nil }
            self = .condition(type: type, status: status)
        } else if lowered.hasPrefix("jsonpath=") {
            // Why: a kubectl command line quotes the expression ('{.status.x}'=2); the shell strips
            // the quotes there, so strip them here too.
            let rest = trimmed.dropFirst("jsonpath=".count).replacingOccurrences(of: "'", with: "")
            let split: String.Index?
            if let close = rest.firstIndex(of: "}") {
                split = rest[close...].firstIndex(of: "=")
            } else {
                split = rest.firstIndex(of: "=")
            }
            let expression = split.map { String(rest[..<$0]) } ?? rest
            let value = split.map { String(rest[rest.index(after: $0)...]).trimmingCharacters(in: ["\""]) }
            guard let path = JSONPath(expression), value.map({ !$0.isEmpty && !$0.contains("=") }) ?? true else {
                return nil
            }
            self = .jsonPath(path, value: value)
        } else {
            return nil
        }
    }

    /// The condition as `--for` spells it.
    public var description: String {
        switch self {
        case .condition(let type, let status): "condition=\(type)=\(status)"
        case .delete: "delete"
        case .jsonPath(let path, let value): "jsonpath=\(path)" + (value.map { "=\($0)" } ?? "")
        }
    }

    /// What one look at the object showed.
    public struct Observation: Sendable, Hashable {
        /// Whether the wait is over.
        public var met: Bool
        /// What was seen, for progress and timeout messages (`Available=False`, `1`, `<missing>`).
        public var observed: String

        /// Creates an observation.
        public init(met: Bool, observed: String) {
            self.met = met
            self.observed = observed
        }
    }

    /// Decides from one read of the object (nil: not found) whether the wait is over.
    /// `originalUID` is the uid the object had when a `delete` wait began.
    public func observe(_ object: JSONValue?, originalUID: String?) -> Observation {
        switch self {
        case .condition(let type, let status):
            guard let object else { return Observation(met: false, observed: "object not found") }
            for condition in object["status"]?["conditions"]?.arrayValue ?? [] {
                // Why: kubectl compares the condition type and status case-insensitively.
                guard let name = condition["type"]?.stringValue, name.lowercased() == type.lowercased(),
                    let actual = condition["status"]?.stringValue
                else { continue }
                // Why: kubectl ignores a condition written for an older generation of the object
                // (observedGeneration below metadata.generation): it describes the previous spec.
                if let generation = object["metadata"]?["generation"]?.intValue,
                    let seen = (condition["observedGeneration"] ?? object["status"]?["observedGeneration"])?.intValue,
                    seen < generation
                {
                    return Observation(
                        met: false, observed: "\(name)=\(actual) for generation \(seen) (object at \(generation))")
                }
                return Observation(met: actual.lowercased() == status.lowercased(), observed: "\(name)=\(actual)")
            }
            return Observation(met: false, observed: "no \(type) condition")
        case .delete:
            guard let object else { return Observation(met: true, observed: "deleted") }
            // Why: kubectl treats an object recreated under the same name (new uid) as deleted.
            if let originalUID, let uid = object["metadata"]?["uid"]?.stringValue, uid != originalUID {
                return Observation(met: true, observed: "deleted and created again")
            }
            let terminating = object["metadata"]?["deletionTimestamp"].map { $0 != .null } ?? false
            return Observation(met: false, observed: terminating ? "still exists (terminating)" : "still exists")
        case .jsonPath(let path, let value):
            guard let object else { return Observation(met: false, observed: "object not found") }
            guard let found = path.value(in: object), found != .null else {
                return Observation(met: false, observed: "<missing>")
            }
            let text = found.displayText
            return Observation(met: value.map { $0 == text } ?? true, observed: text)
        }
    }
}
