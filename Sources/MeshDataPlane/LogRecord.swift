/// What a container log keeps per line: the text itself, or data formatted when read.
public protocol LogRecord: Sendable {
    /// The formatted line, without trailing newline.
    var logLine: String { get }
}

extension String: LogRecord {
    /// The line itself.
    public var logLine: String { self }
}
