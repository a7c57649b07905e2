import Foundation

/// One `istioctl analyze` finding: code, level, resource and text (reference §8).
public struct AnalysisMessage: Sendable, Hashable {
    /// Message level; the order is Error > Warning > Info.
    public enum Level: String, Sendable, Hashable, Comparable {
        case error = "Error"
        case warning = "Warning"
        case info = "Info"

        var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        /// Error sorts first.
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// `IST0101`.
    public var code: String
    /// `ReferencedResourceNotFound`.
    public var name: String
    /// Level.
    public var level: Level
    /// Kind of the resource the message is about (`VirtualService`).
    public var kind: String
    /// Its namespace ("" for cluster-scoped kinds such as Namespace).
    public var namespace: String
    /// Its name.
    public var resourceName: String
    /// The message text.
    public var text: String

    /// Creates a message.
    public init(
        code: String, name: String, level: Level, kind: String, namespace: String, resourceName: String, text: String
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.kind = kind
        self.namespace = namespace
        self.resourceName = resourceName
        self.text = text
    }

    /// `Error [IST0101] (VirtualService default/myapp) Referenced host+subset in destinationrule not found: "myapp+v3"`.
    public var line: String {
        let resource = namespace.isEmpty ? resourceName : "\(namespace)/\(resourceName)"
        return "\(level.rawValue) [\(code)] (\(kind) \(resource)) \(text)"
    }

    /// `https://istio.io/latest/docs/reference/config/analysis/ist0101/`.
    public var documentationURL: String {
        "https://istio.io/latest/docs/reference/config/analysis/\(code.lowercased())/"
    }
}
