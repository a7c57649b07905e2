import ArgumentParser
import Foundation
import MeshAPI

/// `meshsim kubectl -- ARGS`: runs the real kubectl against this profile, as `minikube kubectl --` does.
struct Kubectl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubectl", abstract: "Run kubectl against the cluster.")
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .captureForPassthrough, help: "Arguments for kubectl") var arguments: [String] = []

    func run() async throws {
        try await runCLI {
            _ = try DaemonConnection.open(global)
            // Only the `--` that ends meshsim's own options goes; kubectl's (`exec POD -- CMD`) stay.
            let passed = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
            let argv = ["kubectl", "--kubeconfig", global.paths.kubeconfig] + passed
            // Why exec: kubectl becomes this process, as if run directly, so the terminal's Ctrl-C,
            // stdin, stdout and the exit status are its own. As a child (in its own process group,
            // as Foundation starts one) it kept running `get -w` after Ctrl-C ended meshsim.
            var cArguments = argv.map { strdup($0) }
            cArguments.append(nil)
            // This thread (a concurrency worker) blocks signals, and exec keeps the mask; kubectl's
            // own children (an editor, credential plugins) must get SIGINT, SIGTSTP and SIGWINCH.
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            fflush(nil)
            execvp("kubectl", cArguments)
            let reason = String(cString: strerror(errno))
            for argument in cArguments { free(argument) }
            throw CLIError("error: could not run kubectl: \(reason) (is it on PATH?)")
        }
    }
}
