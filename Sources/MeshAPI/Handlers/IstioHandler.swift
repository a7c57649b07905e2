import Foundation
import MeshControlPlane
import MeshCore
import MeshStore

/// `POST /meshsim/v1/istio/install?profile=P` and `/meshsim/v1/istio/uninstall`: istioctl's
/// install and uninstall on the running cluster, answering once the components have rolled out.
struct IstioHandler {
    let components: ClusterComponents
    /// How long an install may take to roll out before the reply says so.
    static let rolloutTimeout: Duration = .seconds(60)

    func install(_ request: APIRequest) async -> APIResponse {
        let name = request.query["profile"].flatMap { $0.isEmpty ? nil : $0 } ?? "demo"
        guard let profile = IstioInstall.Profile(rawValue: name) else {
            return StatusBody.response(
                code: 400, reason: "BadRequest",
                message: "unknown Istio profile \"\(name)\": use demo, minimal or legacy")
        }
        let plan: IstioInstallPlan
        do {
            plan = try await IstioInstaller.install(
                profile, store: components.store, seed: components.settings.seed ?? UInt64.random(in: 0...UInt64.max))
        } catch let error as StoreError {
            return StatusBody.response(for: error)
        } catch {
            return StatusBody.response(code: 500, reason: "InternalError", message: "\(error)")
        }
        if !IstioInstall(profile: profile).hasIngressGateway { await components.gatewayHost.close() }
        persist(profile: name)
        let ready = await waitForRollout()
        var lines = [
            "This installs the Istio \(IstioInstall(profile: profile).version) profile \"\(name)\" into the cluster."
        ]
        lines += plan.lines
        if !ready {
            lines.removeLast()
            lines.append(
                "✘ Components did not become ready in \(Self.rolloutTimeout): see `meshsim get pods -n istio-system`")
        }
        if let port = components.gatewayHost.port { lines.append("  - Ingress gateway: http://127.0.0.1:\(port)") }
        return .text(ready ? .ok : .internalServerError, lines.joined(separator: "\n") + "\n")
    }

    func uninstall() async -> APIResponse {
        let plan: IstioInstallPlan
        do {
            plan = try await IstioInstaller.uninstall(store: components.store)
        } catch let error as StoreError {
            return StatusBody.response(for: error)
        } catch {
            return StatusBody.response(code: 500, reason: "InternalError", message: "\(error)")
        }
        await components.gatewayHost.close()
        persist(profile: nil)
        return .text(.ok, plan.lines.joined(separator: "\n") + "\n")
    }

    /// Keeps the installed profile in the cluster settings, so `up` after `down` reports it.
    private func persist(profile: String?) {
        guard let database = components.database, var settings = ClusterSettings.load(from: database) else { return }
        settings.istioProfile = profile
        try? settings.save(to: database)
    }

    /// Waits, change by change, until every istio-system Deployment has rolled out.
    private func waitForRollout() async -> Bool {
        let store = components.store
        let changes = store.watch(kinds: ["Deployment", "Pod"])
        if await IstioInstaller.isReady(store) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in changes where await IstioInstaller.isReady(store) { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: Self.rolloutTimeout)
                return false
            }
            let result = await group.next() ?? false
            group.cancelAll()
            return result
        }
    }
}
