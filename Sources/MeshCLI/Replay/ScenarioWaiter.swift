import Foundation
import MeshAPI
import MeshCore
import MeshManifest

/// The `wait` steps: polls the daemon's API until rollouts finish, pods are Ready, or one object
/// meets a `kubectl wait --for` condition, and fails with what it last saw when the timeout passes.
struct ScenarioWaiter {
    let connection: DaemonConnection
    let timeout: Double

    /// How often the object is read again.
    private static let interval = Duration.milliseconds(10)

    /// Waits until every pod `selector` matches is Ready (and none is terminating).
    func podsReady(_ selector: String, namespace: String, deadline: Date) async throws -> String {
        let query = selector.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? selector
        while true {
            let list = try await connection.getJSON(
                ResourceURL.path(Pod.resourceKind, namespace: namespace) + "?labelSelector=\(query)")
            let pods = (list["items"]?.arrayValue ?? []).compactMap { try? $0.decode(Pod.self) }
            if !pods.isEmpty, pods.allSatisfy({ $0.isReady && !$0.isTerminating }) {
                return "\(pods.count) pod(s) Ready"
            }
            if Date() > deadline {
                throw CLIError(
                    "timed out after \(Self.format(timeout)) waiting for pods \(selector) to be Ready (\(pods.filter(\.isReady).count) of \(pods.count) Ready)"
                )
            }
            try await Task.sleep(for: Self.interval)
        }
    }

    /// Waits until the Deployment's rollout is complete, as `kubectl rollout status` judges it.
    func rollout(_ name: String, namespace: String, deadline: Date) async throws -> String {
        while true {
            let json = try await connection.getJSON(
                ResourceURL.path(Deployment.resourceKind, namespace: namespace, name: name))
            let status = RolloutStatus.message(for: try json.decode(Deployment.self))
            if status.done { return status.text }
            if Date() > deadline { throw CLIError("timed out after \(Self.format(timeout)): \(status.text)") }
            try await Task.sleep(for: Self.interval)
        }
    }

    /// Waits until `kind/name` meets `condition`; an object that does not exist yet is waited for.
    func object(kind: String, name: String, namespace: String, condition: WaitCondition) async throws -> String {
        guard let type = ResourceRegistry.type(forName: kind) else { throw CLIError("unknown kind \(kind)") }
        let resourceKind = type.resourceKind
        let path = ResourceURL.path(resourceKind, namespace: namespace, name: name)
        let deadline = Date().addingTimeInterval(timeout)
        let started = Date()
        var originalUID: String?
        var first = true
        while true {
            let object = try await read(path)
            if first { originalUID = object?["metadata"]?["uid"]?.stringValue }
            first = false
            let observation = condition.observe(object, originalUID: originalUID)
            if observation.met {
                return
                    "\(resourceKind.singular)/\(name) \(condition): \(observation.observed) after \(String(format: "%.2f", Date().timeIntervalSince(started)))s"
            }
            if Date() > deadline {
                let place = resourceKind.namespaced ? " in namespace \(namespace)" : ""
                throw CLIError(
                    "timed out after \(Self.format(timeout)) waiting for \(resourceKind.singular)/\(name)\(place) to meet \(condition); last observed: \(observation.observed)"
                )
            }
            try await Task.sleep(for: Self.interval)
        }
    }

    /// The object, or nil when the API answers 404.
    private func read(_ path: String) async throws -> JSONValue? {
        let reply = try await connection.request(.GET, path)
        if reply.status == 404 { return nil }
        return try connection.decode(reply)
    }

    private static func format(_ seconds: Double) -> String { String(format: "%gs", seconds) }
}
