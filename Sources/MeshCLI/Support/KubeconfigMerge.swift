import Foundation

/// Adds or updates a profile's cluster, user and context in the user's kubeconfig with
/// `kubectl config`, as minikube does on `start` (only when asked, with `--kubeconfig-merge`).
enum KubeconfigMerge {
    static func merge(profile: String, apiPort: Int) throws {
        let commands: [[String]] = [
            ["config", "set-cluster", profile, "--server=http://127.0.0.1:\(apiPort)"],
            ["config", "set-credentials", profile, "--token=meshsim"],
            ["config", "set-context", profile, "--cluster=\(profile)", "--user=\(profile)", "--namespace=default"],
            ["config", "use-context", profile],
        ]
        for arguments in commands {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["kubectl"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CLIError(
                    "error: could not update your kubeconfig (kubectl \(arguments.joined(separator: " ")) failed)")
            }
        }
    }
}
