import Foundation
import Subprocess
import SystemPackage

/// Runs a command as a child process and collects what it printed, without blocking a thread.
///
/// Why not Foundation's `Process`: its `readDataToEndOfFile()` and `waitUntilExit()` block the
/// calling thread, and a synchronous test calling them holds one of the Swift concurrency pool's
/// few threads (two on a 2-core machine) for the whole command, stalling every other test in the
/// process. swift-subprocess awaits the exit (a pidfd on Linux) and the output instead.
enum ChildProcess {
    /// How one finished command ended and what it printed.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The most output a test reads from one command.
    static let outputLimit = 64 << 20

    /// Runs `executable` with `arguments`; `environment` entries are added to this process's own,
    /// `stdin` (if any) is written to the command's standard input, which is otherwise empty.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        directory: String? = nil, stdin: String? = nil
    ) async throws -> Result {
        let updated = Environment.inherit.updating(
            Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(rawValue: $0.key)!, $0.value) }))
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), environment: updated,
            workingDirectory: directory.map { FilePath($0) }, input: .string(stdin ?? ""),
            output: .string(limit: outputLimit), error: .string(limit: outputLimit))
        return Result(
            status: status(of: result.terminationStatus), stdout: result.standardOutput,
            stderr: result.standardError)
    }

    /// The exit status, or 128 + the signal for a command a signal ended (as a shell reports it).
    static func status(of termination: TerminationStatus) -> Int32 {
        switch termination {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}
