/// Readiness and availability as the controllers judge them.
///
/// Why: copies `podutil.IsPodReady` and `podutil.IsPodAvailable` (pkg/api/v1/pod/util.go).
public enum PodReadiness {
    /// Whether the Ready condition is True.
    public static func isReady(_ pod: Pod) -> Bool { pod.isReady }

    /// When the pod last became Ready (the Ready condition's lastTransitionTime), if it is Ready.
    public static func readySince(_ pod: Pod) -> Double? {
        guard let condition = pod.status?.conditions?.condition("Ready"), condition.status == "True" else {
            return nil
        }
        return FastTime.parse(condition.lastTransitionTime)
    }

    /// `IsPodAvailable`: Ready for at least `minReadySeconds` (strictly before `now`).
    public static func isAvailable(_ pod: Pod, minReadySeconds: Int, now: Double) -> Bool {
        guard pod.isReady else { return false }
        if minReadySeconds == 0 { return true }
        guard let since = readySince(pod) else { return false }
        return since + Double(minReadySeconds) < now
    }

    /// Whether the phase is terminal (`IsPodTerminal`).
    public static func isTerminal(_ pod: Pod) -> Bool { pod.phase == "Succeeded" || pod.phase == "Failed" }
}
