import ArgumentParser

/// The `meshsim` command: a minikube-like local Kubernetes + Istio simulator.
public struct MeshSim: AsyncParsableCommand {
    /// Command metadata and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "meshsim",
        abstract: "A local Kubernetes + Istio traffic simulator: minikube's workflow in under a second.",
        version: MeshSimVersion.current,
        subcommands: [
            Up.self, Status.self, Down.self, Delete.self, ProfileCommand.self,
            Apply.self, Get.self, Describe.self, Scale.self, Label.self, Rollout.self, Logs.self,
            ServiceCommand.self, NodeCommand.self, IstioCommand.self, Traffic.self, Top.self, Replay.self, Routes.self,
            Explain.self,
            Analyze.self,
            KillPod.self,
            Kubectl.self,
            DaemonCommand.self,
        ]
    )

    /// Creates the command (ArgumentParser requirement).
    public init() {}
}

/// Version strings reported by the CLI and the API server.
public enum MeshSimVersion {
    /// meshsim's own version.
    public static let current = "0.1.0"
}
