import ArgumentParser
import Foundation

/// An error the CLI prints as given and exits non-zero with.
public struct CLIError: Error, CustomStringConvertible {
    /// The text printed to stderr.
    public var message: String
    /// The exit code.
    public var code: Int32

    /// Creates an error.
    public init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    /// The message.
    public var description: String { message }
}

/// Prints a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Runs a CLI body, turning `CLIError` into its message and exit code.
func runCLI(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        if !error.message.isEmpty { printError(error.message) }
        throw ExitCode(error.code)
    }
}
