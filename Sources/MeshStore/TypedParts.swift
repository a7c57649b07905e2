import MeshCore

/// Kinds whose `spec` is one typed value: generation bumps compare it directly, without a JSON
/// round trip (the hot path of every controller write).
protocol HasTypedSpec: KubeResource {
    associatedtype Spec: Equatable
    var spec: Spec { get }
}

/// Kinds whose `status` is one typed value: the `/status` subresource swaps it directly.
protocol HasTypedStatus: KubeResource {
    associatedtype Status: Equatable
    var status: Status { get set }
}

extension Pod: HasTypedSpec, HasTypedStatus {}
extension Deployment: HasTypedSpec, HasTypedStatus {}
extension ReplicaSet: HasTypedSpec, HasTypedStatus {}
extension Node: HasTypedSpec, HasTypedStatus {}
extension Service: HasTypedSpec, HasTypedStatus {}
extension Namespace: HasTypedSpec, HasTypedStatus {}

extension StoreDiff {
    /// Typed spec comparison when both sides are the same typed kind; nil when not applicable.
    static func typedSpecChanged(_ old: AnyResource, _ new: AnyResource) -> Bool? {
        func compare<T: HasTypedSpec>(_ lhs: T) -> Bool? {
            guard let rhs = new.base as? T else { return nil }
            return lhs.spec != rhs.spec
        }
        if let lhs = old.base as? any HasTypedSpec { return compare(lhs) }
        // Why: Endpoints and Events have no spec; Kubernetes doesn't track their generation.
        if old.resourceKind.kind == "Endpoints" || old.resourceKind.kind == "Event" { return false }
        return nil
    }

    /// `existing` with `incoming`'s status, typed; nil when not applicable.
    static func typedWithStatus(of incoming: AnyResource, onto existing: AnyResource) -> AnyResource? {
        func swap<T: HasTypedStatus>(_ target: T) -> AnyResource? {
            guard let source = incoming.base as? T else { return nil }
            var copy = target
            copy.status = source.status
            // Why: kube-apiserver's pod status strategy keeps the old spec, owner references and
            // deletion timestamp but persists the request's labels and annotations; the kubelet
            // relies on that to publish a pod's annotations with its status in one write.
            if var pod = copy as? Pod, let incomingPod = source as? Pod {
                pod.metadata.labels = incomingPod.metadata.labels
                pod.metadata.annotations = incomingPod.metadata.annotations
                return AnyResource(pod)
            }
            return AnyResource(copy)
        }
        if let target = existing.base as? any HasTypedStatus { return swap(target) }
        return nil
    }
}
