extension SidecarInjector {
    /// The volumes the modern template adds, in the order of the status annotation.
    public static let modernVolumes = [
        "workload-socket", "credential-socket", "workload-certs", "istio-envoy", "istio-data", "istio-podinfo",
        "istio-token", "istiod-ca-cert", "istio-ca-crl",
    ]

    /// The istiod-era mutation (§7.2): labels, annotations, `istio-init`, `istio-proxy`, volumes.
    func injectModern(_ pod: Pod, revision: String) -> Pod {
        var pod = pod
        let image = "\(options.hub)/proxyv2:\(options.istioVersion)"
        let appContainers = pod.spec.containers
        let first = appContainers.first?.name ?? ""
        let workload = Self.workloadName(pod)
        var labels = pod.metadata.labels ?? [:]
        labels["security.istio.io/tlsMode"] = "istio"
        labels["service.istio.io/canonical-name"] =
            labels["service.istio.io/canonical-name"]
            ?? labels["app.kubernetes.io/name"] ?? labels["app"] ?? workload
        labels["service.istio.io/canonical-revision"] =
            labels["service.istio.io/canonical-revision"]
            ?? labels["app.kubernetes.io/version"] ?? labels["version"] ?? "latest"
        pod.metadata.labels = labels
        var annotations = pod.metadata.annotations ?? [:]
        annotations["istio.io/rev"] = revision
        annotations["kubectl.kubernetes.io/default-container"] =
            annotations["kubectl.kubernetes.io/default-container"] ?? first
        annotations["kubectl.kubernetes.io/default-logs-container"] =
            annotations["kubectl.kubernetes.io/default-logs-container"] ?? first
        annotations["prometheus.io/scrape"] = "true"
        annotations["prometheus.io/port"] = "15020"
        annotations["prometheus.io/path"] = "/stats/prometheus"
        let volumes = Self.modernVolumes.map { "\"\($0)\"" }.joined(separator: ",")
        annotations[Self.statusAnnotation] =
            "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],"
            + "\"volumes\":[\(volumes)],\"imagePullSecrets\":null,\"revision\":\"\(revision)\"}"
        pod.metadata.annotations = annotations

        var initContainer = Container(name: "istio-init", image: image)
        initContainer.imagePullPolicy = "IfNotPresent"
        initContainer.args = [
            "istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-x", "", "-b",
            "*",
            "-d", "15090,15021,15020", "--log_output_level=default:info",
        ]
        initContainer.resources = ResourceRequirements(
            requests: ["cpu": "100m", "memory": "128Mi"], limits: ["cpu": "2", "memory": "1Gi"])
        initContainer.securityContext = .object([
            "allowPrivilegeEscalation": .bool(false),
            "capabilities": .object([
                "add": .array([.string("NET_ADMIN"), .string("NET_RAW")]), "drop": .array([.string("ALL")]),
            ]),
            "privileged": .bool(false), "readOnlyRootFilesystem": .bool(false), "runAsGroup": .int(0),
            "runAsNonRoot": .bool(false), "runAsUser": .int(0),
        ])
        initContainer.terminationMessagePath = "/dev/termination-log"
        initContainer.terminationMessagePolicy = "File"
        pod.spec.initContainers = [initContainer] + (pod.spec.initContainers ?? [])

        var proxy = Container(
            name: "istio-proxy", image: image, ports: [ContainerPort(name: "http-envoy-prom", containerPort: 15090)])
        proxy.imagePullPolicy = "IfNotPresent"
        proxy.args = [
            "proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--proxyLogLevel=warning",
            "--proxyComponentLogLevel=misc:error", "--log_output_level=default:info",
        ]
        proxy.env = [
            EnvVar(name: "PILOT_CERT_PROVIDER", value: "istiod"),
            EnvVar(name: "CA_ADDR", value: "istiod.istio-system.svc:15012"),
            Self.fieldEnv("POD_NAME", "metadata.name"), Self.fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            Self.fieldEnv("INSTANCE_IP", "status.podIP"), Self.fieldEnv("SERVICE_ACCOUNT", "spec.serviceAccountName"),
            Self.fieldEnv("HOST_IP", "status.hostIP"), Self.resourceEnv("ISTIO_CPU_LIMIT", "limits.cpu"),
            EnvVar(name: "PROXY_CONFIG", value: "{}\n"),
            EnvVar(name: "ISTIO_META_POD_PORTS", value: Self.podPortsJSON(appContainers)),
            EnvVar(name: "ISTIO_META_APP_CONTAINERS", value: appContainers.map(\.name).joined(separator: ",")),
            Self.resourceEnv("GOMEMLIMIT", "limits.memory"), Self.resourceEnv("GOMAXPROCS", "limits.cpu"),
            EnvVar(name: "ISTIO_META_CLUSTER_ID", value: options.clusterID),
            Self.fieldEnv("ISTIO_META_NODE_NAME", "spec.nodeName"),
            EnvVar(name: "ISTIO_META_INTERCEPTION_MODE", value: "REDIRECT"),
            EnvVar(name: "ISTIO_META_WORKLOAD_NAME", value: workload),
            EnvVar(
                name: "ISTIO_META_OWNER",
                value:
                    "kubernetes://apis/apps/v1/namespaces/\(pod.metadata.namespace ?? "default")/deployments/\(workload)"
            ),
            EnvVar(name: "ISTIO_META_MESH_ID", value: options.meshID),
            EnvVar(name: "TRUST_DOMAIN", value: options.meshID),
        ]
        proxy.resources = initContainer.resources
        let probe: JSONValue = .object(["httpGet": .object(["path": .string("/healthz/ready"), "port": .int(15021)])])
        var readiness = probe
        readiness["failureThreshold"] = .int(4)
        readiness["periodSeconds"] = .int(15)
        readiness["timeoutSeconds"] = .int(3)
        proxy.readinessProbe = readiness
        var startup = probe
        startup["failureThreshold"] = .int(600)
        startup["periodSeconds"] = .int(1)
        startup["timeoutSeconds"] = .int(3)
        proxy.startupProbe = startup
        proxy.securityContext = .object([
            "allowPrivilegeEscalation": .bool(false), "capabilities": .object(["drop": .array([.string("ALL")])]),
            "privileged": .bool(false), "readOnlyRootFilesystem": .bool(true), "runAsGroup": .int(1337),
            "runAsNonRoot": .bool(true), "runAsUser": .int(1337),
        ])
        proxy.volumeMounts = [
            ("workload-socket", "/var/run/secrets/workload-spiffe-uds"),
            ("credential-socket", "/var/run/secrets/credential-uds"),
            ("workload-certs", "/var/run/secrets/workload-spiffe-credentials"),
            ("istiod-ca-cert", "/var/run/secrets/istio"),
            ("istio-data", "/var/lib/istio/data"), ("istio-envoy", "/etc/istio/proxy"),
            ("istio-token", "/var/run/secrets/tokens"),
            ("istio-podinfo", "/etc/istio/pod"),
        ].map { .object(["name": .string($0.0), "mountPath": .string($0.1)]) }
        proxy.terminationMessagePath = "/dev/termination-log"
        proxy.terminationMessagePolicy = "File"
        pod.spec.containers.append(proxy)
        pod.spec.volumes = (pod.spec.volumes ?? []) + Self.modernVolumeSources()
        return pod
    }

    static func fieldEnv(_ name: String, _ path: String) -> EnvVar {
        var env = EnvVar(name: name, value: nil)
        env.valueFrom = .object(["fieldRef": .object(["apiVersion": .string("v1"), "fieldPath": .string(path)])])
        return env
    }

    static func resourceEnv(_ name: String, _ resource: String) -> EnvVar {
        var env = EnvVar(name: name, value: nil)
        env.valueFrom = .object(["resourceFieldRef": .object(["divisor": .string("0"), "resource": .string(resource)])])
        return env
    }

    static func modernVolumeSources() -> [JSONValue] {
        let emptyDir: JSONValue = .object([:])
        func downward(_ path: String, _ field: String) -> JSONValue {
            .object(["path": .string(path), "fieldRef": .object(["fieldPath": .string(field)])])
        }
        return [
            .object(["name": .string("workload-socket"), "emptyDir": emptyDir]),
            .object(["name": .string("credential-socket"), "emptyDir": emptyDir]),
            .object(["name": .string("workload-certs"), "emptyDir": emptyDir]),
            .object(["name": .string("istio-envoy"), "emptyDir": .object(["medium": .string("Memory")])]),
            .object(["name": .string("istio-data"), "emptyDir": emptyDir]),
            .object([
                "name": .string("istio-podinfo"),
                "downwardAPI": .object([
                    "items": .array([
                        downward("labels", "metadata.labels"), downward("annotations", "metadata.annotations"),
                    ])
                ]),
            ]),
            .object([
                "name": .string("istio-token"),
                "projected": .object([
                    "sources": .array([
                        .object([
                            "serviceAccountToken": .object([
                                "audience": .string("istio-ca"), "expirationSeconds": .int(43200),
                                "path": .string("istio-token"),
                            ])
                        ])
                    ])
                ]),
            ]),
            .object(["name": .string("istiod-ca-cert"), "configMap": .object(["name": .string("istio-ca-root-cert")])]),
            .object([
                "name": .string("istio-ca-crl"),
                "configMap": .object([
                    "name": .string("istio-ca-crl"), "optional": .bool(true),
                    "items": .array([.object(["key": .string("ca-crl.pem"), "path": .string("ca-crl.pem")])]),
                ]),
            ]),
        ]
    }
}
