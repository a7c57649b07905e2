extension IstioValidation {
    /// Protocols `protocol.Parse` knows (case-insensitive).
    static let gatewayProtocols: Set<String> = [
        "HTTP", "HTTPS", "GRPC", "GRPC-WEB", "HTTP2", "MONGO", "REDIS", "MYSQL", "TCP", "TLS", "UDP",
    ]

    /// Validates a Gateway (`ValidateGateway`).
    public static func validate(_ gateway: Gateway) -> [FieldError] {
        var list = FieldErrorList()
        let name = gateway.metadata.nameOrEmpty
        if !isDNS1123Label(name) { list.add("metadata.name", "invalid gateway name: \(quoted(name))") }
        let servers = gateway.spec.servers ?? []
        if servers.isEmpty { list.add("spec.servers", "gateway must have at least one server") }
        var portNames = Set<String>()
        for (index, server) in servers.enumerated() {
            let path = "spec.servers[\(index)]"
            validateServer(server, path: path, into: &list)
            if let portName = server.port?.name {
                if portNames.contains(portName) {
                    list.add("\(path).port.name", "port names in servers must be unique: duplicate name \(portName)")
                }
                portNames.insert(portName)
            }
        }
        return list.errors
    }

    private static func validateServer(_ server: GatewayServer, path: String, into list: inout FieldErrorList) {
        let hosts = server.hosts ?? []
        if hosts.isEmpty { list.add("\(path).hosts", "server config must contain at least one host") }
        for (index, host) in hosts.enumerated() {
            list.add("\(path).hosts[\(index)]", namespaceSlashHostError(host))
        }
        guard let port = server.port else {
            list.add("\(path).port", "port is required")
            return
        }
        let proto = (port.protocol ?? "").uppercased()
        var portValid = true
        if !gatewayProtocols.contains(proto) {
            portValid = false
            list.add(
                "\(path).port.protocol",
                "invalid protocol \(quoted(port.protocol ?? "")), supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"
            )
        }
        if let error = portError(port.number ?? 0) {
            portValid = false
            list.add("\(path).port.number", error)
        }
        if (port.targetPort ?? 0) > 0 { list.add("\(path).port.targetPort", "targetPort has no impact on Gateways") }
        if (port.name ?? "").isEmpty {
            portValid = false
            list.add(
                "\(path).port.name",
                "port name must be set: number:\(port.number ?? 0) protocol:\(quoted(port.protocol ?? ""))")
        }
        guard portValid else { return }
        let isTLS = proto == "HTTPS" || proto == "TLS"
        if isTLS && server.tls == nil {
            list.add("\(path).tls", "server must have TLS settings for HTTPS/TLS protocols")
        } else if !isTLS, let tls = server.tls {
            let onlyRedirect =
                tls.mode == nil && tls.serverCertificate == nil && tls.privateKey == nil
                && tls.caCertificates == nil && tls.credentialName == nil
            if ["HTTP", "HTTP2", "GRPC", "GRPC-WEB"].contains(proto) {
                if !onlyRedirect {
                    list.add("\(path).tls", "server cannot have TLS settings for plain text HTTP ports")
                }
            } else {
                list.add("\(path).tls", "server cannot have TLS settings for non HTTPS/TLS ports")
            }
        }
    }

    /// `ValidateNamespaceSlashWildcardHostname`: `[namespace/]dnsName`, namespace `*`, `.` or a label.
    static func namespaceSlashHostError(_ host: String) -> String? {
        let parts = host.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 2 { return "host \(quoted(host)) must be of form namespace/dnsName" }
        var dnsName = host
        if parts.count == 2 {
            let namespace = parts[0]
            if namespace.isEmpty || parts[1].isEmpty {
                return "config namespace and dnsName in host entry cannot be empty"
            }
            if namespace != "*" && namespace != "." && !isDNS1123Label(namespace) {
                return "invalid namespace value \(quoted(namespace)) in host \(quoted(host))"
            }
            dnsName = parts[1]
        }
        if dnsName == "*" { return nil }
        return wildcardDomainError(dnsName)
    }
}
