import Foundation

/// minikube-style step lines: an emoji on a terminal, `* ` when piped or when `NO_COLOR` is set.
struct Progress {
    let fancy: Bool

    init() {
        fancy = isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Prints one step.
    func step(_ emoji: String, _ text: String) {
        print(fancy ? "\(emoji)  \(text)" : "* \(text)")
        fflush(nil)
    }

    /// Prints a warning on standard error, as minikube does (`❗`, or `! ` when piped).
    func warning(_ text: String) {
        let line = fancy ? "❗  \(text)\n" : "! \(text)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Prints an indented detail line.
    func detail(_ text: String) {
        print(fancy ? "    ▪ \(text)" : "  - \(text)")
    }
}
