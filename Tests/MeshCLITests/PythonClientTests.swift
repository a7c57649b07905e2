import Foundation
import Testing

/// The Python `kubernetes` client (PyPI) lists pods and creates a Deployment against meshsim.
@Suite("Python kubernetes client", .serialized, .timeLimit(.minutes(2)), .enabled(if: PythonClient.available))
struct PythonClientTests {
    static let script = PythonClient.script

    @Test func listsPodsAndCreatesADeployment() throws {
        try PythonClient.run()
    }
}

/// Runs the Python client against a fresh profile.
enum PythonClient {
    static var available: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import kubernetes"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let script = """
        import sys
        from kubernetes import client, config
        config.load_kube_config(config_file=sys.argv[1])
        core = client.CoreV1Api()
        apps = client.AppsV1Api()
        pods = core.list_namespaced_pod("istio-system")
        print("pods:", ",".join(sorted(p.metadata.name.rsplit("-", 2)[0] for p in pods.items)))
        body = client.V1Deployment(
            metadata=client.V1ObjectMeta(name="py-web"),
            spec=client.V1DeploymentSpec(
                replicas=2,
                selector=client.V1LabelSelector(match_labels={"app": "py-web"}),
                template=client.V1PodTemplateSpec(
                    metadata=client.V1ObjectMeta(labels={"app": "py-web"}),
                    spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.27")]))))
        created = apps.create_namespaced_deployment("default", body)
        print("created:", created.metadata.name, bool(created.metadata.uid))
        """

    static func run() throws {
        let meshsim = try Meshsim(profile: "py")
        defer { meshsim.cleanUp() }
        #expect(try meshsim.run(["up", "--http-port", "0"]).status == 0)
        let file = meshsim.state.path + "/client.py"
        try Self.script.write(toFile: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", file, meshsim.state.path + "/py/kubeconfig"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("pods: istio-egressgateway,istio-ingressgateway,istiod"))
        #expect(output.contains("created: py-web True"))
        let rollout = try meshsim.run(["rollout", "status", "deployment/py-web"])
        #expect(rollout.stdout.contains("deployment \"py-web\" successfully rolled out"))
    }
}
