import Foundation
import MeshAPI
import Subprocess
import SystemPackage
import Testing

/// `down`, `status` and a scenario's `restart` ask whether a daemon still runs.
@Suite("Daemon liveness", .timeLimit(.minutes(1)))
struct DaemonInfoTests {
    @Test func aZombieIsNotRunning() async throws {
        // The parent waits for its child's exit without reaping it (WNOWAIT): a zombie, as a
        // killed daemon stays under a PID 1 that never calls wait().
        let script = """
            import os, sys, time
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            print(pid, flush=True)
            sys.stdin.read()
            """
        let result = try await Subprocess.run(
            .path(FilePath("/usr/bin/env")), arguments: ["python3", "-c", script], input: .inputWriter,
            output: .sequence, error: .discarded
        ) { execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            let zombie = Int32(try await lines.next()?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
            #expect(zombie > 0)
            #expect(kill(zombie, 0) == 0, "the zombie still has its PID")
            #expect(!DaemonInfo.isRunning(zombie))
            #expect(DaemonInfo.isRunning(execution.processIdentifier.value))
            try await execution.standardInputWriter.finish()
        }
        #expect(result.terminationStatus.isSuccess)
        #expect(!DaemonInfo.isRunning(Int32.max), "no such process")
    }
}
