import ArgumentParser
import MeshAPI

/// Options every command takes: which profile, and where state lives.
public struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .customLong("profile")], help: "The profile (cluster) name.")
    public var profile: String = "meshsim"

    @Option(name: .customLong("state-dir"), help: "Folder holding profiles (default: ./state, or $MESHSIM_HOME).")
    public var stateDir: String?

    /// Creates defaults.
    public init() {}

    /// The profile's paths.
    public var paths: ProfilePaths { ProfilePaths(profile: profile, stateDir: stateDir) }
}
