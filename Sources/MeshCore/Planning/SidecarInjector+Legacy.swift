extension SidecarInjector {
    /// The Istio 1.0–1.4 mutation: `istio-init` from `proxy_init`, `istio-proxy` talking to
    /// `istio-pilot`, volumes `istio-envoy` and `istio-certs`, and the legacy status annotation.
    func injectLegacy(_ pod: Pod) -> Pod {
        var pod = pod
        let version = options.istioVersion
        let app = pod.metadata.labels?["app"] ?? Self.workloadName(pod)
        let appPorts = pod.spec.containers.flatMap { $0.ports ?? [] }.map { String($0.containerPort) }
        var annotations = pod.metadata.annotations ?? [:]
        annotations[Self.statusAnnotation] =
            "{\"version\":\"\(Self.templateSHA(version))\",\"initContainers\":[\"istio-init\"],"
            + "\"containers\":[\"istio-proxy\"],\"volumes\":[\"istio-envoy\",\"istio-certs\"],\"imagePullSecrets\":null}"
        pod.metadata.annotations = annotations
        let minor = version.split(separator: ".").dropFirst().first.flatMap { Int($0) } ?? 4
        if minor >= 3 {
            var labels = pod.metadata.labels ?? [:]
            labels["security.istio.io/tlsMode"] = "istio"
            pod.metadata.labels = labels
        }

        var initContainer = Container(name: "istio-init", image: "\(options.hub)/proxy_init:\(version)")
        initContainer.imagePullPolicy = "IfNotPresent"
        initContainer.args = [
            "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT", "-i", "*", "-x", "", "-b", "*", "-d", "15020",
        ]
        initContainer.resources = ResourceRequirements(
            requests: ["cpu": "10m", "memory": "10Mi"], limits: ["cpu": "100m", "memory": "50Mi"])
        initContainer.securityContext = .object([
            "capabilities": .object(["add": .array([.string("NET_ADMIN")])]), "runAsNonRoot": .bool(false),
            "runAsUser": .int(0),
        ])
        pod.spec.initContainers = [initContainer] + (pod.spec.initContainers ?? [])

        var proxy = Container(
            name: "istio-proxy", image: "\(options.hub)/proxyv2:\(version)",
            ports: [ContainerPort(name: "http-envoy-prom", containerPort: 15090)])
        proxy.imagePullPolicy = "IfNotPresent"
        proxy.args = [
            "proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local", "--configPath", "/etc/istio/proxy",
            "--binaryPath", "/usr/local/bin/envoy", "--serviceCluster", "\(app).$(POD_NAMESPACE)", "--drainDuration",
            "45s",
            "--parentShutdownDuration", "1m0s", "--discoveryAddress", "istio-pilot.istio-system:15010",
            "--zipkinAddress", "zipkin.istio-system:9411", "--proxyLogLevel=warning", "--dnsRefreshRate", "300s",
            "--connectTimeout", "10s", "--proxyAdminPort", "15000", "--concurrency", "2", "--controlPlaneAuthPolicy",
            "NONE",
            "--statusPort", "15020", "--applicationPorts", appPorts.joined(separator: ","),
        ]
        proxy.env = [
            Self.fieldEnv("POD_NAME", "metadata.name"), Self.fieldEnv("POD_NAMESPACE", "metadata.namespace"),
            Self.fieldEnv("INSTANCE_IP", "status.podIP"), Self.fieldEnv("ISTIO_META_POD_NAME", "metadata.name"),
            Self.fieldEnv("ISTIO_META_CONFIG_NAMESPACE", "metadata.namespace"),
            EnvVar(name: "ISTIO_META_INTERCEPTION_MODE", value: "REDIRECT"),
            EnvVar(name: "ISTIO_META_INCLUDE_INBOUND_PORTS", value: appPorts.joined(separator: ",")),
        ]
        proxy.resources = ResourceRequirements(
            requests: ["cpu": "10m", "memory": "40Mi"], limits: ["cpu": "2", "memory": "1Gi"])
        proxy.readinessProbe = .object([
            "httpGet": .object(["path": .string("/healthz/ready"), "port": .int(15020)]),
            "initialDelaySeconds": .int(1),
            "periodSeconds": .int(2), "failureThreshold": .int(30),
        ])
        proxy.securityContext = .object(["readOnlyRootFilesystem": .bool(true), "runAsUser": .int(1337)])
        proxy.volumeMounts = [
            .object(["name": .string("istio-envoy"), "mountPath": .string("/etc/istio/proxy")]),
            .object(["name": .string("istio-certs"), "mountPath": .string("/etc/certs/"), "readOnly": .bool(true)]),
        ]
        pod.spec.containers.append(proxy)
        let account = pod.spec.serviceAccountName ?? "default"
        pod.spec.volumes =
            (pod.spec.volumes ?? []) + [
                .object(["name": .string("istio-envoy"), "emptyDir": .object(["medium": .string("Memory")])]),
                .object([
                    "name": .string("istio-certs"),
                    "secret": .object([
                        "optional": .bool(true), "secretName": .string("istio.\(account)"),
                    ]),
                ]),
            ]
        return pod
    }

    /// A stable 64-hex "template sha256" for the legacy status annotation.
    static func templateSHA(_ version: String) -> String {
        var hex = ""
        var state = PodTemplateHash.fnv32a(Array("istio-sidecar-template-\(version)".utf8))
        while hex.count < 64 {
            state = PodTemplateHash.fnv32a(Array(String(state).utf8), seed: state)
            hex += String(state, radix: 16).leftPadded(to: 8)
        }
        return hex
    }
}
