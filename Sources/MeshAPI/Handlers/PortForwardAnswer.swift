import MeshControlPlane
import MeshCore
import MeshStore

/// `kubectl port-forward` / `exec` / `attach` need a streaming upgrade meshsim does not speak; the
/// answer says why and where the pod really listens, so the user can curl it directly.
enum PortForwardAnswer {
    static func response(store: ObjectStore, namespace: String, name: String, subresource: String) async -> APIResponse
    {
        guard let pod = await store.get(Pod.self, namespace: namespace, name: name) else {
            return StatusBody.response(
                code: 404, reason: "NotFound", message: "pods \"\(name)\" not found", name: name, kind: "pods")
        }
        let address = pod.metadata.annotations?[KubeletController.localAddressAnnotation] ?? "(not running yet)"
        let what = subresource == "portforward" ? "port-forward is not needed" : "\(subresource) is not supported"
        let stats = pod.metadata.annotations?[KubeletController.statsAddressAnnotation].map {
            "; its Istio proxy's metrics (port 15090) are at http://\($0)/stats/prometheus"
        }
        return StatusBody.response(
            code: 400, reason: "BadRequest",
            message:
                "meshsim: \(what): pod \(namespace)/\(name) serves HTTP directly on \(address) "
                + "(curl http://\(address)/)\(stats ?? ""); its containers are simulated, so there is no shell to exec into",
            name: name, kind: "pods")
    }
}
