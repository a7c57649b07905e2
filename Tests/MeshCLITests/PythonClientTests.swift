import Foundation
import Testing

/// The Python `kubernetes` client (PyPI) lists pods and creates a Deployment against meshsim.
@Suite("Python kubernetes client", .serialized, .timeLimit(.minutes(2)), .enabled { await PythonClient.available() })
struct PythonClientTests {
    static let script = PythonClient.script

    @Test func listsPodsAndCreatesADeployment() async throws {
        try await PythonClient.run()
    }
}

/// Runs the Python client against a fresh profile.
enum PythonClient {
    static func available() async -> Bool {
        (try? await ChildProcess.run("/usr/bin/env", ["python3", "-c", "import kubernetes"]).status) == 0
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

    static func run() async throws {
        let meshsim = try Meshsim(profile: "py")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0"]).status == 0)
        let file = meshsim.state.path + "/client.py"
        try Self.script.write(toFile: file, atomically: true, encoding: .utf8)
        let client = try await ChildProcess.run(
            "/usr/bin/env", ["python3", file, meshsim.state.path + "/py/kubeconfig"])
        let output = client.stdout
        #expect(client.status == 0, "\(output)\(client.stderr)")
        #expect(output.contains("pods: istio-egressgateway,istio-ingressgateway,istiod"))
        #expect(output.contains("created: py-web True"))
        let rollout = try await meshsim.run(["rollout", "status", "deployment/py-web"])
        #expect(rollout.stdout.contains("deployment \"py-web\" successfully rolled out"))
    }
}
