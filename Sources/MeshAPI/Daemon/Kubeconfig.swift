import Foundation

/// Writes `state/<profile>/kubeconfig` so stock kubectl can talk to the profile's API server.
public enum Kubeconfig {
    /// The kubeconfig text for a profile.
    public static func text(profile: String, apiPort: Int) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - cluster:
            server: http://127.0.0.1:\(apiPort)
          name: \(profile)
        contexts:
        - context:
            cluster: \(profile)
            namespace: default
            user: \(profile)
          name: \(profile)
        current-context: \(profile)
        preferences: {}
        users:
        - name: \(profile)
          user: {}

        """
    }

    /// Writes the file with mode 0600.
    public static func write(paths: ProfilePaths, apiPort: Int) throws {
        let text = Self.text(profile: paths.profile, apiPort: apiPort)
        _ = FileManager.default.createFile(
            atPath: paths.kubeconfig, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }
}
