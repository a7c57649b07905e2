import ArgumentParser
import Foundation
import MeshAPI
import MeshCore

/// `meshsim up`: start (or resume) a profile's cluster and return once it is ready.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start a local cluster (like `minikube start`).", aliases: ["start"])

    @OptionGroup var global: GlobalOptions
    // The cluster's shape is optional here so that `up` knows which flags were given: a later
    // `up` of an existing cluster warns about each one it cannot change.
    @Option(help: "Number of simulated nodes (default: 1).") var nodes: Int?
    @Option(help: "CPUs per node (node capacity) (default: 2).") var cpus: Int?
    @Option(help: "Memory per node: 8192, 8192mb, 8g (default: 4096).") var memory: String?
    @Option(
        name: .customLong("kubernetes-version"), help: "Kubernetes version the cluster reports (default: v1.32.0).")
    var kubernetesVersion: String?
    @Flag(name: .customLong("no-istio"), help: "Do not install Istio.") var noIstio = false
    @Option(
        name: .customLong("istio-profile"), help: "Istio install profile: demo, minimal or legacy (default: demo).")
    var istioProfile: String?
    @Option(name: .customLong("http-port"), help: "Local port for the ingress gateway's port 80 (0: any free).")
    var httpPort: Int = 8080
    @Option(name: .customLong("api-port"), help: "Local port for the API server (0: any free).")
    var apiPort: Int = 0
    @Option(help: "Seed for generated names and routing choices.") var seed: UInt64?
    @Option(
        name: .customLong("pod-port-range"),
        help: "127.0.0.1 ports for pod servers and proxy stats, FROM-TO (0: ephemeral ports) (default: 20000-31999).")
    var podPortRange: String?
    @Option(
        name: .customLong("default-not-ready-toleration-seconds"),
        help: "kube-apiserver's flag: tolerationSeconds of the not-ready:NoExecute toleration added to every pod (300)."
    )
    var defaultNotReadyTolerationSeconds: Int?
    @Option(
        name: .customLong("default-unreachable-toleration-seconds"),
        help:
            "kube-apiserver's flag: tolerationSeconds of the unreachable:NoExecute toleration added to every pod (300); a stopped node's pods are evicted after it."
    )
    var defaultUnreachableTolerationSeconds: Int?
    @Flag(help: "Run the daemon in this process instead of the background.") var foreground = false
    @Option(
        name: .customLong("wait-timeout"),
        help:
            "How long to wait for the cluster to be ready before stopping the daemon and failing: 30s, 2m, 6m0s (minikube's default is 6m0s)."
    )
    var waitTimeout: String = "60s"
    @Option(name: .customLong("driver"), help: "Accepted for minikube compatibility; meshsim always simulates.")
    var driver: String?
    @Flag(
        name: .customLong("kubeconfig-merge"),
        help:
            "Also add a context named after the profile to your kubeconfig ($KUBECONFIG or ~/.kube/config) and use it.")
    var kubeconfigMerge = false

    /// The flags given, by the names `ExistingClusterNotice` uses.
    private var explicitFlags: Set<String> {
        var given: Set<String> = []
        if nodes != nil { given.insert("nodes") }
        if cpus != nil { given.insert("cpus") }
        if memory != nil { given.insert("memory") }
        if kubernetesVersion != nil { given.insert("kubernetes-version") }
        if istioProfile != nil || noIstio { given.insert("istio") }
        if podPortRange != nil { given.insert("pod-port-range") }
        if seed != nil { given.insert("seed") }
        return given
    }

    func validate() throws {
        if let nodes, !(1...1000).contains(nodes) { throw ValidationError("--nodes must be between 1 and 1000") }
        if let cpus, cpus < 1 { throw ValidationError("--cpus must be at least 1") }
        if let memory, MemorySize.mebibytes(memory) == nil {
            throw ValidationError("invalid --memory \"\(memory)\": use a number of MB or a size such as 8192mb or 8g")
        }
        if let istioProfile, !["demo", "minimal", "legacy"].contains(istioProfile) {
            throw ValidationError("unknown --istio-profile \"\(istioProfile)\": use demo, minimal or legacy")
        }
        if let podPortRange, PodPortRange.parse(podPortRange) == nil {
            throw ValidationError(
                "invalid --pod-port-range \"\(podPortRange)\": expected FROM-TO within 1024-65535, or 0")
        }
        for (flag, value) in [
            ("--default-not-ready-toleration-seconds", defaultNotReadyTolerationSeconds),
            ("--default-unreachable-toleration-seconds", defaultUnreachableTolerationSeconds),
        ] where (value ?? 0) < 0 {
            throw ValidationError("invalid \(flag) \(value ?? 0): must be 0 or more")
        }
        guard let nanoseconds = IstioDuration.nanoseconds(waitTimeout), nanoseconds > 0 else {
            throw ValidationError(
                "invalid --wait-timeout \"\(waitTimeout)\": expected a duration such as 30s, 2m or 6m0s")
        }
        if let kubernetesVersion,
            !kubernetesVersion.hasPrefix("v") || kubernetesVersion.split(separator: ".").count != 3
        {
            throw ValidationError("invalid --kubernetes-version \"\(kubernetesVersion)\": expected vMAJOR.MINOR.PATCH")
        }
    }

    func run() async throws {
        try await runCLI {
            let ports = PodPortRange.parse(podPortRange ?? "20000-31999")
            let defaults = ClusterSettings()
            let settings = ClusterSettings(
                nodes: nodes ?? defaults.nodes, cpus: cpus ?? defaults.cpus,
                memoryMiB: memory.flatMap(MemorySize.mebibytes) ?? defaults.memoryMiB,
                kubernetesVersion: kubernetesVersion ?? defaults.kubernetesVersion,
                istioProfile: noIstio ? nil : istioProfile ?? defaults.istioProfile,
                httpPort: httpPort, apiPort: apiPort, seed: seed, podPortBase: ports?.base ?? 0,
                podPortCount: ports?.count,
                defaultNotReadyTolerationSeconds: defaultNotReadyTolerationSeconds,
                defaultUnreachableTolerationSeconds: defaultUnreachableTolerationSeconds)
            let readyTimeout = Double(IstioDuration.nanoseconds(waitTimeout) ?? 0) / 1e9
            try await DaemonLauncher(
                paths: global.paths, settings: settings, foreground: foreground, readyTimeout: readyTimeout,
                explicitFlags: explicitFlags
            ).up()
            if kubeconfigMerge, let info = DaemonInfo.read(global.paths) {
                try KubeconfigMerge.merge(profile: global.profile, apiPort: info.apiPort)
                Progress().step(
                    "🏄",
                    "kubectl is now configured to use \"\(global.profile)\" cluster and \"default\" namespace by default"
                )
            }
        }
    }
}

/// Sizes as minikube accepts them for `--memory`.
enum MemorySize {
    /// MiB for `8192`, `8192mb`, `8g`, `8gb`, `4096m`; nil when malformed.
    static func mebibytes(_ text: String) -> Int? {
        let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
        let digits = lowered.prefix { $0.isNumber }
        guard let value = Int(digits), value > 0 else { return nil }
        switch lowered.dropFirst(digits.count) {
        case "", "m", "mb", "mi", "mib": return value
        case "g", "gb", "gi", "gib": return value * 1024
        default: return nil
        }
    }
}

/// `--pod-port-range FROM-TO`, or `0` for ephemeral ports.
struct PodPortRange {
    /// First port (0: ephemeral ports).
    var base: Int
    /// How many ports.
    var count: Int?

    /// Parses the option; nil when malformed.
    static func parse(_ text: String) -> PodPortRange? {
        if text == "0" { return PodPortRange(base: 0, count: nil) }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] >= 1024, parts[0] <= parts[1], parts[1] <= 65_535 else { return nil }
        return PodPortRange(base: parts[0], count: parts[1] - parts[0] + 1)
    }
}
