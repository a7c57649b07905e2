import Foundation
import MeshCore
import MeshStore

/// The cluster's shape, fixed by the first `meshsim up` of a profile and kept in the store.
public struct ClusterSettings: Codable, Sendable, Hashable {
    public var nodes: Int
    public var cpus: Int
    /// Memory per node in MiB.
    public var memoryMiB: Int
    public var kubernetesVersion: String
    /// `demo`, `minimal`, `legacy`, or nil for `--no-istio`.
    public var istioProfile: String?
    /// Requested gateway port for Gateway port 80 (0 = pick a free one).
    public var httpPort: Int
    /// Requested API port (0 = pick a free one).
    public var apiPort: Int
    /// Seed for names and routing choices (nil = random).
    public var seed: UInt64?
    /// First local port handed to pod servers (0 = ephemeral ports).
    public var podPortBase: Int
    /// How many ports from `podPortBase` pod servers may use (nil: 12,000).
    public var podPortCount: Int?
    /// kube-apiserver's `--default-not-ready-toleration-seconds` (nil: 300).
    public var defaultNotReadyTolerationSeconds: Int?
    /// kube-apiserver's `--default-unreachable-toleration-seconds` (nil: 300).
    public var defaultUnreachableTolerationSeconds: Int?

    /// The DefaultTolerationSeconds admission plugin these settings configure.
    public var defaultTolerationSeconds: DefaultTolerationSeconds {
        DefaultTolerationSeconds(
            notReadySeconds: defaultNotReadyTolerationSeconds ?? 300,
            unreachableSeconds: defaultUnreachableTolerationSeconds ?? 300)
    }

    /// Creates settings.
    public init(
        nodes: Int = 1, cpus: Int = 2, memoryMiB: Int = 4096, kubernetesVersion: String = "v1.32.0",
        istioProfile: String? = "demo", httpPort: Int = 8080, apiPort: Int = 0, seed: UInt64? = nil,
        podPortBase: Int = 0, podPortCount: Int? = nil, defaultNotReadyTolerationSeconds: Int? = nil,
        defaultUnreachableTolerationSeconds: Int? = nil
    ) {
        self.nodes = nodes
        self.cpus = cpus
        self.memoryMiB = memoryMiB
        self.kubernetesVersion = kubernetesVersion
        self.istioProfile = istioProfile
        self.httpPort = httpPort
        self.apiPort = apiPort
        self.seed = seed
        self.podPortBase = podPortBase
        self.defaultNotReadyTolerationSeconds = defaultNotReadyTolerationSeconds
        self.defaultUnreachableTolerationSeconds = defaultUnreachableTolerationSeconds
        self.podPortCount = podPortCount
    }

    /// The pod port range, or nil for ephemeral ports.
    public var podPortRange: ClosedRange<Int>? {
        guard podPortBase > 0 else { return nil }
        return podPortBase...min(65_535, podPortBase + max(1, podPortCount ?? 12_000) - 1)
    }
}

extension ClusterSettings {
    /// The settings a profile's first `up` stored, nil when the profile has no cluster yet.
    public static func stored(in paths: ProfilePaths) -> ClusterSettings? {
        guard FileManager.default.fileExists(atPath: paths.database) else { return nil }
        if let stored = ClusterStore.setting("cluster", inDatabaseAt: paths.database) { return decoded(stored) }
        // A database left mid-write needs WAL recovery, which a read-only connection cannot do.
        guard let database = try? ClusterStore(path: paths.database) else { return nil }
        return load(from: database)
    }

    /// The settings the first `up` stored in the profile's database, if any.
    static func load(from database: ClusterStore) -> ClusterSettings? {
        decoded(try? database.setting("cluster"))
    }

    /// Settings from their stored JSON; nil when it does not decode.
    private static func decoded(_ stored: String?) -> ClusterSettings? {
        stored.flatMap { try? JSONDecoder().decode(ClusterSettings.self, from: Data($0.utf8)) }
    }

    /// Stores these settings in the profile's database.
    func save(to database: ClusterStore) throws {
        try database.setSetting("cluster", String(decoding: try JSONEncoder().encode(self), as: UTF8.self))
    }
}
