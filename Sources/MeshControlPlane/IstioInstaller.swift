import MeshCore
import MeshStore

/// `istioctl install` / `istioctl uninstall --purge` against a running cluster: one store
/// transaction each; the controllers then roll the components out (or remove their pods).
public enum IstioInstaller {
    /// Installs `profile`, replacing the components of any other installed profile.
    public static func install(_ profile: IstioInstall.Profile, store: ObjectStore, seed: UInt64) async throws
        -> IstioInstallPlan
    {
        var install = IstioInstall(profile: profile)
        install.now = 0
        var generator = SeededGenerator(seed: seed)
        let plan = install.plan(
            existing: await existing(store), namespace: await store.get(Namespace.self, name: "istio-system"),
            using: &generator)
        try await store.write(
            plan.apply.map { WriteOperation.apply($0) } + plan.delete.map { .delete($0, gracePeriodSeconds: nil) })
        return plan
    }

    /// Removes every installed Istio component (the namespace stays, as with istioctl).
    public static func uninstall(store: ObjectStore) async throws -> IstioInstallPlan {
        let plan = IstioInstall.uninstallPlan(existing: await existing(store))
        if !plan.delete.isEmpty { try await store.write(plan.delete.map { .delete($0, gracePeriodSeconds: nil) }) }
        return plan
    }

    /// Whether every Deployment in `istio-system` has rolled out (`istioctl`'s wait for components).
    public static func isReady(_ store: ObjectStore) async -> Bool {
        for deployment in await store.list(Deployment.self, namespace: "istio-system") {
            guard let status = deployment.status,
                (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0),
                (status.availableReplicas ?? 0) >= deployment.desiredReplicas,
                (status.updatedReplicas ?? 0) >= deployment.desiredReplicas
            else { return false }
        }
        return true
    }

    static func existing(_ store: ObjectStore) async -> Set<ObjectKey> {
        var keys = Set(await store.list(Deployment.self, namespace: "istio-system").map(\.key))
        keys.formUnion(await store.list(Service.self, namespace: "istio-system").map(\.key))
        return keys
    }
}
