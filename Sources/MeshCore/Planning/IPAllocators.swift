/// Pod IPs from a node's /24: the lowest free address from `.2` (`.1` is the bridge gateway).
///
/// Why: the bridge/host-local IPAM minikube uses hands out the lowest free address in the node's
/// `podCIDR` (`10.244.N.0/24`).
public enum PodIPAllocator {
    /// The next free IP in `podCIDR` (e.g. `10.244.1.0/24`), or nil when the range is exhausted.
    public static func next(podCIDR: String, used: Set<String>) -> String? {
        let prefix =
            podCIDR.split(separator: "/").first.map { $0.split(separator: ".").prefix(3).joined(separator: ".") }
            ?? "10.244.0"
        for host in 2...254 {
            let ip = "\(prefix).\(host)"
            if !used.contains(ip) { return ip }
        }
        return nil
    }
}

/// ClusterIPs from `10.96.0.0/12`, deterministic given the used set and a seed.
///
/// Why: the API server's bitmap allocator picks a random free offset (`allocator.AllocateNext`);
/// `10.96.0.1` is the `kubernetes` Service and `10.96.0.10` kube-dns, both reserved.
public enum ClusterIPAllocator {
    /// The `kubernetes` Service's IP.
    public static let kubernetesIP = "10.96.0.1"
    /// kube-dns's IP.
    public static let dnsIP = "10.96.0.10"
    static let size: UInt32 = 1 << 20

    /// A free IP: a seeded random offset in the range, then the next free one after it.
    public static func next<G: RandomNumberGenerator>(used: Set<String>, using generator: inout G) -> String? {
        let start = UInt32(truncatingIfNeeded: generator.next() % UInt64(size - 2)) + 1
        for step in 0..<(size - 2) {
            let offset = (start - 1 + step) % (size - 2) + 1
            let ip = address(offset)
            if ip == kubernetesIP || ip == dnsIP || used.contains(ip) { continue }
            return ip
        }
        return nil
    }

    /// `10.96.0.0` + offset.
    public static func address(_ offset: UInt32) -> String {
        let base: UInt32 = (10 << 24) | (96 << 16)
        let value = base + offset
        return "\(value >> 24).\((value >> 16) & 255).\((value >> 8) & 255).\(value & 255)"
    }
}

/// NodePorts from `30000–32767`, deterministic given the used set and a seed.
///
/// Why: the API server's port allocator picks a random free port in `--service-node-port-range`.
public enum NodePortAllocator {
    /// The default range.
    public static let range = 30000...32767

    /// A free port: a seeded random start, then the next free one after it.
    public static func next<G: RandomNumberGenerator>(used: Set<Int>, using generator: inout G) -> Int? {
        let size = range.count
        let start = Int(generator.next() % UInt64(size))
        for step in 0..<size {
            let port = range.lowerBound + (start + step) % size
            if !used.contains(port) { return port }
        }
        return nil
    }
}
