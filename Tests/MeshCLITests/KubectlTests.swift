import Foundation
import Subprocess
import SystemPackage
import Testing

/// Stock kubectl (the machine's dispatcher picks kubectl 1.32 from `/version`) against a real daemon.
@Suite(
    "Stock kubectl against meshsim", .serialized, .timeLimit(.minutes(2)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlTests {
    static func kubectl(_ meshsim: Meshsim, _ arguments: [String], directory: String? = nil) async throws
        -> Meshsim.Result
    {
        try await ChildProcess.run(
            "/usr/bin/kubectl", arguments,
            environment: [
                "KUBECONFIG": meshsim.state.path + "/\(meshsim.profile)/kubeconfig",
                "KUBECACHEDIR": meshsim.state.path + "/kube-cache",
            ], directory: directory)
    }

    /// `meshsim kubectl` becomes kubectl: the exit status is kubectl's, kubectl's own `--` stays,
    /// and an interrupt (Ctrl-C) ends a watch. Run as a child in its own process group, kubectl
    /// kept watching, and holding the terminal, after the interrupt ended meshsim.
    @Test func meshsimKubectlIsKubectl() async throws {
        let meshsim = try Meshsim(profile: "mk")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        let prefix = ["kubectl", "-p", meshsim.profile, "--state-dir", meshsim.state.path, "--"]
        let missing = try await ChildProcess.run(Meshsim.binary, prefix + ["get", "pod", "nosuch"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Error from server (NotFound): pods \"nosuch\" not found"), "\(missing.stderr)")
        // kubectl's own `--` reaches it: `-o` after it is a name, not a flag missing its value.
        let named = try await ChildProcess.run(Meshsim.binary, prefix + ["get", "namespaces", "--", "-o"])
        #expect(named.stderr.contains("namespaces \"-o\" not found"), "\(named.stderr)")
        let watch = try await Subprocess.run(
            .path(FilePath(Meshsim.binary)), arguments: Arguments(prefix + ["get", "namespaces", "-w"]), input: .none,
            output: .sequence, error: .discarded
        ) { execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            let header = try await lines.next()
            try execution.send(signal: .interrupt)
            // The output ends only once no process holds the pipe: kubectl must have gone too.
            while try await lines.next() != nil {}
            return header
        }
        #expect(watch.closureResult?.hasPrefix("NAME") == true)
        #expect(!watch.terminationStatus.isSuccess)
        // The process that got the interrupt has exited; no kubectl of this profile is left.
        let left = Self.processes(mentioning: meshsim.state.path + "/" + meshsim.profile + "/kubeconfig")
        #expect(left.isEmpty, "kubectl still running after the interrupt: \(left)")
        for pid in left { kill(pid, SIGKILL) }
    }

    /// PIDs of processes whose command line contains `text` (read from /proc).
    static func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(text) ? pid : nil
        }
    }

    @Test func theTutorialWithStockKubectl() async throws {
        let meshsim = try Meshsim(profile: "kube")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0"]).status == 0)
        let system = try await Self.kubectl(meshsim, ["get", "pods", "-n", "istio-system"])
        #expect(system.status == 0, "\(system.stderr)")
        let header = system.stdout.split(separator: "\n").first.map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        #expect(header == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        #expect(system.stdout.contains("Running"))

        let seed = Meshsim.repositoryRoot + "/scenarios/seed-5050/"
        let created = try await Self.kubectl(meshsim, ["apply", "-f", seed])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("deployment.apps/myapp-v1 created"))
        #expect(created.stdout.contains("virtualservice.networking.istio.io/myapp created"))
        let again = try await Self.kubectl(meshsim, ["apply", "-f", seed])
        #expect(again.stdout.contains("virtualservice.networking.istio.io/myapp unchanged"), "\(again.stderr)")

        let scaled = try await Self.kubectl(meshsim, ["scale", "deployment", "myapp-v1", "--replicas", "2"])
        #expect(scaled.stdout.contains("deployment.apps/myapp-v1 scaled"), "\(scaled.stderr)")
        let labeled = try await Self.kubectl(meshsim, ["label", "namespace", "default", "istio-injection=enabled"])
        #expect(labeled.stdout.contains("namespace/default labeled"), "\(labeled.stderr)")
        let status = try await Self.kubectl(meshsim, ["rollout", "status", "deployment/myapp-v1", "--timeout=60s"])
        #expect(status.stdout.contains("successfully rolled out"), "\(status.stderr)")
        let routing = try await Self.kubectl(meshsim, ["get", "vs,dr,gw"])
        #expect(routing.stdout.contains("virtualservice.networking.istio.io/myapp"))
        #expect(routing.stdout.contains("[\"app-gateway\"]"))
        let image = try await Self.kubectl(
            meshsim, ["set", "image", "deployment/myapp-v2", "myapp=janakiramm/myapp:v1"])
        #expect(image.status == 0, "\(image.stderr)")
        _ = try await Self.kubectl(meshsim, ["rollout", "status", "deployment/myapp-v2", "--timeout=60s"])
        let undo = try await Self.kubectl(meshsim, ["rollout", "undo", "deployment/myapp-v2"])
        #expect(undo.stdout.contains("deployment.apps/myapp-v2 rolled back"), "\(undo.stderr)")
        let restored = try await Self.kubectl(
            meshsim, ["get", "deployment", "myapp-v2", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        #expect(restored.stdout == "janakiramm/myapp:v2")
        let serverSide = try await Self.kubectl(meshsim, ["apply", "--server-side", "-f", seed])
        #expect(
            serverSide.stdout.contains("virtualservice.networking.istio.io/myapp serverside-applied"),
            "\(serverSide.stderr)")
        let bogus = "apiVersion: v1\nkind: Service\nmetadata: {name: bogus}\nspec:\n  bogus: 1\n  ports: [{port: 80}]\n"
        let bogusFile = meshsim.state.path + "/bogus.yaml"
        try bogus.write(toFile: bogusFile, atomically: true, encoding: .utf8)
        let strict = try await Self.kubectl(meshsim, ["apply", "-f", bogusFile])
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("strict decoding error: unknown field \"spec.bogus\""), "\(strict.stderr)")
        let missing = try await Self.kubectl(meshsim, ["get", "pod", "nosuch"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("Error from server (NotFound): pods \"nosuch\" not found"))
    }
}
