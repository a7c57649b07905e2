import Foundation
import MeshCore
import MeshStore
import NIOConcurrencyHelpers
import NIOHTTP1

/// Dispatches every API request: Kubernetes REST paths, discovery, and meshsim's own `/meshsim/v1`.
public final class APIRouter: Sendable {
    let components: ClusterComponents
    let resources: ResourceHandler
    private let shutdownHook = NIOLockedValueBox<(@Sendable () -> Void)?>(nil)

    /// Creates a router over the daemon's components.
    public init(components: ClusterComponents) {
        self.components = components
        resources = ResourceHandler(store: components.store)
    }

    /// Called when a client asks the daemon to stop.
    public var onShutdown: (@Sendable () -> Void)? {
        get { shutdownHook.withLockedValue { $0 } }
        set { shutdownHook.withLockedValue { $0 = newValue } }
    }

    /// Serves one request.
    public func handle(_ request: APIRequest) async -> APIResponse {
        if let discovery = DiscoveryHandler.handle(request) { return discovery }
        if let openAPI = OpenAPIHandler.handle(request) { return openAPI }
        if let path = ResourcePath(request.path) {
            if path.plural == "pods",
                path.subresource == "portforward" || path.subresource == "exec"
                    || path.subresource == "attach", let name = path.name
            {
                return await PortForwardAnswer.response(
                    store: components.store, namespace: path.namespace ?? "default", name: name,
                    subresource: path.subresource ?? "")
            }
            if path.plural == "pods", path.subresource == "log", let name = path.name, request.method == .GET {
                return await LogHandler(components: components).handle(
                    request, namespace: path.namespace ?? "default", name: name)
            }
            return await resources.handle(request, path: path)
        }
        let mesh = MeshHandler(components: components)
        switch (request.method, request.path) {
        case (.GET, "/healthz"), (.GET, "/readyz"), (.GET, "/livez"):
            return .text(.ok, "ok")
        case (.GET, "/openapi/v2"):
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        case (.GET, "/version"):
            return VersionInfo.response(kubernetesVersion: components.settings.kubernetesVersion)
        case (.POST, "/meshsim/v1/apply"):
            return await ApplyHandler(store: components.store).handle(request)
        case (.GET, "/meshsim/v1/routes"): return await mesh.routes()
        case (.POST, "/meshsim/v1/explain"): return await mesh.explain(request)
        case (.GET, "/meshsim/v1/analyze"): return await mesh.analyze(request)
        case (.POST, "/meshsim/v1/kill-pod"): return await mesh.killPod(request)
        case (.GET, "/meshsim/v1/top"), (.GET, "/stats/prometheus"): return await mesh.top()
        case (.GET, "/meshsim/v1/wait-routes"): return await mesh.waitRoutes(request)
        case (.POST, "/meshsim/v1/node/stop"): return await mesh.node(request, start: false)
        case (.POST, "/meshsim/v1/node/start"): return await mesh.node(request, start: true)
        case (.POST, "/meshsim/v1/istio/install"): return await IstioHandler(components: components).install(request)
        case (.POST, "/meshsim/v1/istio/uninstall"): return await IstioHandler(components: components).uninstall()
        case (.POST, "/meshsim/v1/shutdown"):
            onShutdown?()
            return .text(.ok, "shutting down")
        default:
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "the server could not find the requested resource")
        }
    }
}

/// `/version`, with minor `32` so the kubectl dispatcher picks its 1.32 binary.
enum VersionInfo {
    static func response(kubernetesVersion: String) -> APIResponse {
        let body: JSONValue = .object([
            "major": .string("1"), "minor": .string("32"),
            "gitVersion": .string("v1.32.0-meshsim+\(kubernetesVersion)"),
            "gitCommit": .string("meshsim"), "gitTreeState": .string("clean"),
            "buildDate": .string("2026-11-24T00:00:00Z"),
            "goVersion": .string("swift6"), "compiler": .string("swiftc"), "platform": .string("linux/amd64"),
        ])
        return .json(.ok, Array((try? JSONCoding.encoder.encode(body)) ?? Data()))
    }
}
