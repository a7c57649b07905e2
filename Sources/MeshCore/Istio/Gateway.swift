/// Istio `Gateway`: the servers (port + hosts) a gateway workload listens for.
public struct Gateway: KubeResource {
    /// `networking.istio.io/v1` `Gateway`, short name `gw`.
    public static let resourceKind = IstioKinds.kind("Gateway", plural: "gateways", short: "gw")
    /// Wire `apiVersion`.
    public var apiVersion: String?
    /// Wire `kind`.
    public var kind: String?
    /// Object metadata.
    public var metadata: ObjectMeta
    /// The Gateway spec.
    public var spec: GatewaySpec
    /// Status, passed through untouched.
    public var status: JSONValue?

    /// Creates a Gateway.
    public init(metadata: ObjectMeta, spec: GatewaySpec) {
        self.metadata = metadata
        self.spec = spec
        setTypeMeta()
    }

    /// Decodes, tolerating a missing `spec` (validation then reports the missing server).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(GatewaySpec.self, forKey: .spec) ?? GatewaySpec()
        status = try container.decodeIfPresent(JSONValue.self, forKey: .status)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec, status }
}

/// `Gateway.spec`.
public struct GatewaySpec: Sendable, Hashable, Codable {
    /// The servers (listeners) of this gateway.
    public var servers: [GatewayServer]?
    /// Labels selecting the gateway workload pods, in any namespace.
    public var selector: [String: String]?

    /// Creates a spec.
    public init(servers: [GatewayServer]? = nil, selector: [String: String]? = nil) {
        self.servers = servers
        self.selector = selector
    }
}

/// One `Gateway.spec.servers[]` entry.
public struct GatewayServer: Sendable, Hashable, Codable {
    /// The port the proxy listens on.
    public var port: IstioPort?
    /// IP or `unix://` address to bind to.
    public var bind: String?
    /// `[namespace/]dnsName` hosts exposed by this server.
    public var hosts: [String]?
    /// TLS settings (`httpsRedirect` on plain HTTP servers).
    public var tls: ServerTLSSettings?
    /// Loopback default endpoint (sidecar ingress only).
    public var defaultEndpoint: String?
    /// Optional server name, unique in the Gateway.
    public var name: String?

    /// Creates a server.
    public init(
        port: IstioPort?, hosts: [String]?, tls: ServerTLSSettings? = nil, bind: String? = nil, name: String? = nil
    ) {
        self.port = port
        self.hosts = hosts
        self.tls = tls
        self.bind = bind
        self.name = name
    }
}

/// Istio's `Port` (Gateway servers and ServiceEntry ports): number, protocol, name, targetPort.
public struct IstioPort: Sendable, Hashable, Codable {
    /// Port number.
    public var number: Int?
    /// `HTTP|HTTPS|GRPC|GRPC-WEB|HTTP2|MONGO|TCP|TLS`.
    public var `protocol`: String?
    /// Port name, unique in the resource.
    public var name: String?
    /// Endpoint port (ServiceEntry only; has no effect on Gateways).
    public var targetPort: Int?

    /// Creates a port.
    public init(number: Int?, protocol: String?, name: String?, targetPort: Int? = nil) {
        self.number = number
        self.protocol = `protocol`
        self.name = name
        self.targetPort = targetPort
    }
}

/// `Server.tls`: only `httpsRedirect` changes meshsim's behaviour; the rest is accepted and kept.
public struct ServerTLSSettings: Sendable, Hashable, Codable {
    /// Answer every request on this HTTP server with `301` to `https://`.
    public var httpsRedirect: Bool?
    /// `PASSTHROUGH|SIMPLE|MUTUAL|AUTO_PASSTHROUGH|ISTIO_MUTUAL|OPTIONAL_MUTUAL`.
    public var mode: String?
    /// Certificate file path.
    public var serverCertificate: String?
    /// Key file path.
    public var privateKey: String?
    /// CA bundle file path.
    public var caCertificates: String?
    /// CRL file path.
    public var caCrl: String?
    /// Secret name holding the certificate.
    public var credentialName: String?
    /// Several secrets.
    public var credentialNames: [String]?
    /// SANs accepted from clients.
    public var subjectAltNames: [String]?
    /// SPKI hashes accepted from clients.
    public var verifyCertificateSpki: [String]?
    /// Certificate hashes accepted from clients.
    public var verifyCertificateHash: [String]?
    /// `TLSV1_2`, ...
    public var minProtocolVersion: String?
    /// `TLSV1_3`, ...
    public var maxProtocolVersion: String?
    /// Cipher suites.
    public var cipherSuites: [String]?
    /// Certificates inline or by reference (newer API), kept as is.
    public var tlsCertificates: JSONValue?

    /// Creates settings.
    public init(httpsRedirect: Bool? = nil, mode: String? = nil, credentialName: String? = nil) {
        self.httpsRedirect = httpsRedirect
        self.mode = mode
        self.credentialName = credentialName
    }
}
