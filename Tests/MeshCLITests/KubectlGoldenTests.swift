import Foundation
import Testing

/// Stock kubectl's *whole* output against meshsim, compared with what a real cluster (kube-apiserver
/// 1.32, minikube) prints for the same objects: `Fixtures/kubectl/golden.txt` is a transcript of
/// `$ kubectl ...` commands and their output. Only what differs between any two clusters is
/// normalised: ages, timestamps, IPs, generated name suffixes and column padding.
@Suite(
    "kubectl golden outputs", .serialized, .timeLimit(.minutes(3)),
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
struct KubectlGoldenTests {
    static let fixtures = Meshsim.repositoryRoot + "/Tests/MeshCLITests/Fixtures/kubectl"

    @Test(arguments: [("golden.txt", ["--no-istio"]), ("golden-istio.txt", [])])
    func transcriptMatchesARealCluster(_ fixture: String, _ upArguments: [String]) async throws {
        let meshsim = try Meshsim(profile: "golden")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0"] + upArguments).status == 0)
        let transcript = try String(contentsOfFile: Self.fixtures + "/" + fixture, encoding: .utf8)
        for step in GoldenTranscript.parse(transcript) {
            let result = try await KubectlTests.kubectl(meshsim, step.arguments, directory: Self.fixtures)
            var output = result.stdout + result.stderr
            if result.status != 0 { output += "[exit \(result.status)]\n" }
            #expect(
                GoldenTranscript.normalise(output) == GoldenTranscript.normalise(step.expected),
                "$ kubectl \(step.arguments.joined(separator: " "))\n--- got ---\n\(output)--- want ---\n\(step.expected)"
            )
        }
    }

    @Test func describeDeploymentHeadings() async throws {
        let meshsim = try Meshsim(profile: "describe")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        _ = try await KubectlTests.kubectl(meshsim, ["apply", "-f", "app.yaml"], directory: Self.fixtures)
        _ = try await KubectlTests.kubectl(meshsim, ["rollout", "status", "deployment/web", "--timeout=60s"])
        let described = try await KubectlTests.kubectl(meshsim, ["describe", "deployment", "web"])
        let headings = described.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let first = line.first, first.isUppercase, let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }
        // kubectl 1.32's DeploymentDescriber, top-level keys in order.
        #expect(
            headings == [
                "Name", "Namespace", "CreationTimestamp", "Labels", "Annotations", "Selector", "Replicas",
                "StrategyType", "MinReadySeconds", "RollingUpdateStrategy", "Pod Template", "Conditions",
                "OldReplicaSets", "NewReplicaSet", "Events",
            ], "\(described.stdout)")
        #expect(
            described.stdout.contains(
                "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"))
        #expect(described.stdout.contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge\n"))
        #expect(
            described.stdout.contains(
                "  Containers:\n   web:\n    Image:         nginx:1.25\n    Port:          80/TCP\n"))
        #expect(
            described.stdout.contains(
                "  Type    Reason             Age   From                   Message\n  ----    ------             ----  ----                   -------\n"
            ))
        // meshsim's own describe lays a pod's conditions out as kubectl's tabwriter does.
        let pod = try await KubectlTests.kubectl(
            meshsim, ["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}"]
        ).stdout
        let byKubectl = try await KubectlTests.kubectl(meshsim, ["describe", "pod", pod]).stdout
        let byMeshsim = try await meshsim.run(["describe", "pod", pod]).stdout
        #expect(!pod.isEmpty && Self.conditions(byMeshsim) == Self.conditions(byKubectl), "\(byMeshsim)")
        #expect(Self.conditions(byKubectl).contains("  PodReadyToStartContainers   True \n"))
    }

    /// The `Conditions:` block of a describe output.
    static func conditions(_ described: String) -> String {
        guard let start = described.range(of: "Conditions:\n") else { return "" }
        let rest = described[start.upperBound...]
        let end = rest.range(of: "\n[A-Z]", options: .regularExpression)?.lowerBound ?? rest.endIndex
        return String(rest[..<end]) + "\n"
    }
}

/// The transcript format and the normalisation both sides go through.
enum GoldenTranscript {
    struct Step {
        var arguments: [String]
        var expected: String
    }

    /// `$ kubectl ARGS` lines start steps; the lines up to the next one are the expected output.
    static func parse(_ text: String) -> [Step] {
        var steps: [Step] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("$ kubectl ") {
                steps.append(Step(arguments: line.dropFirst(10).split(separator: " ").map(String.init), expected: ""))
            } else if !steps.isEmpty, !line.hasPrefix("#") {
                steps[steps.count - 1].expected += line + "\n"
            }
        }
        for index in steps.indices {
            while steps[index].expected.hasSuffix("\n\n") { steps[index].expected.removeLast() }
        }
        return steps
    }

    static let rules: [(String, String)] = [
        // Ages and times: HumanDuration cells, describe's RFC 1123 stamps.
        (#"(?<![\w.:/-])\d+[smhdy](\d+[smhd])?(?![\w.%])"#, "<age>"),
        (#"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"#, "<time>"),
        // IPs (pod, cluster and node addresses differ between clusters).
        (#"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"#, "<ip>"),
        // Generated names: pod-template-hash and the pod's random suffix.
        (
            #"\b([a-z][a-z0-9-]*?)-[bcdfghjklmnpqrstvwxz2456789]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\b"#,
            "$1-<hash>-<suffix>"
        ),
        (#"\b(web)-[bcdfghjklmnpqrstvwxz2456789]{8,10}\b"#, "$1-<hash>"),
        (#"pod-template-hash=[bcdfghjklmnpqrstvwxz2456789]+"#, "pod-template-hash=<hash>"),
        // The node's kernel is the host's.
        (#"\b\d+\.\d+\.\d+-[A-Za-z0-9.-]+"#, "<kernel>"),
        // minikube names its node after the profile (`minikube`); meshsim's node is `meshsim`.
        (#"\b(meshsim|minikube)\b"#, "<node>"),
        // Column padding follows the widest cell, which the substitutions above change.
        (#" {2,}"#, "  "),
        (#" +\n"#, "\n"),
    ]

    static func normalise(_ text: String) -> String {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Waiting for deployment ") }.joined(separator: "\n")
        for (pattern, template) in rules {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { continue }
            result = regex.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        while result.hasSuffix("\n") { result.removeLast() }
        return result + "\n"
    }
}
