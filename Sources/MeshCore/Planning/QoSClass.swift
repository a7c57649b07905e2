/// A pod's quality-of-service class.
///
/// Why: copies `qos.GetPodQOS` (pkg/apis/core/v1/helper/qos/qos.go): only cpu and memory count; any
/// positive request or limit rules out BestEffort; Guaranteed needs a cpu and a memory limit on every
/// container and summed requests equal to summed limits. Requests missing where a limit is set are
/// taken equal to the limit, as API defaulting (`SetDefaults_Container`) would have filled them.
public enum QoSClass {
    /// `Guaranteed`, `Burstable` or `BestEffort` for `spec`.
    public static func of(_ spec: PodSpec) -> String {
        var requests: [String: Int64] = [:]
        var limits: [String: Int64] = [:]
        var guaranteed = true
        for container in spec.containers + (spec.initContainers ?? []) {
            var containerRequests = container.resources?.requests ?? [:]
            for (name, limit) in container.resources?.limits ?? [:] where containerRequests[name] == nil {
                containerRequests[name] = limit
            }
            for name in ["cpu", "memory"] {
                let request = Quantity.parse(containerRequests[name]).milliValue
                if request > 0 { requests[name, default: 0] += request }
            }
            var found = Set<String>()
            for name in ["cpu", "memory"] {
                let limit = Quantity.parse(container.resources?.limits?[name]).milliValue
                if limit > 0 {
                    found.insert(name)
                    limits[name, default: 0] += limit
                }
            }
            if found.count < 2 { guaranteed = false }
        }
        if requests.isEmpty && limits.isEmpty { return "BestEffort" }
        if guaranteed {
            for (name, request) in requests where limits[name] != request { guaranteed = false }
        }
        return guaranteed && requests.count == limits.count ? "Guaranteed" : "Burstable"
    }
}
