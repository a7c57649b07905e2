import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct SidecarInjectorTests {
    static func namespace(_ name: String = "default", _ labels: [String: String] = [:]) -> Namespace {
        Namespace(name: name, labels: labels)
    }

    static func pod(label: String? = nil, annotation: String? = nil, hostNetwork: Bool = false) -> Pod {
        var meta = ObjectMeta(
            name: "reviews-v1-6b8d9c-abcde", namespace: "default", labels: ["app": "reviews", "version": "v1"])
        if let label { meta.labels?["sidecar.istio.io/inject"] = label }
        if let annotation { meta.annotations = ["sidecar.istio.io/inject": annotation] }
        meta.ownerReferences = [
            OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "reviews-v1-6b8d9c", uid: "u")
        ]
        var spec = PodSpec(containers: [
            Container(
                name: "reviews", image: "istio/examples-bookinfo-reviews-v1:1.20.2",
                ports: [ContainerPort(containerPort: 9080)])
        ])
        spec.hostNetwork = hostNetwork ? true : nil
        return Pod(metadata: meta, spec: spec)
    }

    static let table: [(String, Namespace, Pod, Bool)] = [
        ("enabled ns, no opinion", namespace("default", ["istio-injection": "enabled"]), pod(), true),
        ("enabled ns, label true", namespace("default", ["istio-injection": "enabled"]), pod(label: "true"), true),
        ("enabled ns, label false", namespace("default", ["istio-injection": "enabled"]), pod(label: "false"), false),
        (
            "enabled ns, annotation false", namespace("default", ["istio-injection": "enabled"]),
            pod(annotation: "false"), false
        ),
        (
            "enabled ns, label beats annotation", namespace("default", ["istio-injection": "enabled"]),
            pod(label: "true", annotation: "false"), true
        ),
        ("disabled ns, label true", namespace("default", ["istio-injection": "disabled"]), pod(label: "true"), false),
        ("revision ns", namespace("default", ["istio.io/rev": "canary"]), pod(), true),
        ("revision ns, opt out", namespace("default", ["istio.io/rev": "canary"]), pod(label: "false"), false),
        ("plain ns, label true", namespace(), pod(label: "true"), true),
        ("plain ns, annotation true", namespace(), pod(annotation: "true"), false),
        ("plain ns, nothing", namespace(), pod(), false),
        ("kube-system never", namespace("kube-system", ["istio-injection": "enabled"]), pod(label: "true"), false),
        ("kube-public never", namespace("kube-public", ["istio-injection": "enabled"]), pod(), false),
        ("hostNetwork never", namespace("default", ["istio-injection": "enabled"]), pod(hostNetwork: true), false),
    ]

    @Test(arguments: table)
    func decision(_ name: String, namespace: Namespace, pod: Pod, injected: Bool) {
        let decision = SidecarInjector().decide(pod, namespace: namespace)
        if case .inject = decision { #expect(injected, "\(name)") } else { #expect(!injected, "\(name)") }
    }

    @Test func revisionFromNamespaceLabel() {
        #expect(
            SidecarInjector().decide(Self.pod(), namespace: Self.namespace("default", ["istio.io/rev": "canary"]))
                == .inject(revision: "canary"))
    }

    @Test func modernGolden() throws {
        let pod = SidecarInjector(options: .init(istioVersion: "1.24.0")).inject(Self.pod())
        #expect(pod.spec.initContainers?.map(\.name) == ["istio-init"])
        #expect(pod.spec.containers.map(\.name) == ["reviews", "istio-proxy"])
        #expect(pod.spec.containers[1].image == "docker.io/istio/proxyv2:1.24.0")
        #expect(pod.spec.initContainers?[0].image == "docker.io/istio/proxyv2:1.24.0")
        #expect(
            pod.metadata.annotations?["sidecar.istio.io/status"] == """
                {"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["workload-socket","credential-socket",\
                "workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert","istio-ca-crl"],\
                "imagePullSecrets":null,"revision":"default"}
                """)
        #expect(pod.metadata.annotations?["kubectl.kubernetes.io/default-container"] == "reviews")
        #expect(pod.metadata.annotations?["prometheus.io/port"] == "15020")
        #expect(pod.metadata.labels?["security.istio.io/tlsMode"] == "istio")
        #expect(pod.metadata.labels?["service.istio.io/canonical-name"] == "reviews")
        #expect(pod.metadata.labels?["service.istio.io/canonical-revision"] == "v1")
        let proxy = pod.spec.containers[1]
        #expect(proxy.env("ISTIO_META_WORKLOAD_NAME") == "reviews-v1")
        #expect(proxy.env("ISTIO_META_POD_PORTS") == "[\n    {\"containerPort\":9080,\"protocol\":\"TCP\"}\n]")
        #expect(proxy.env("ISTIO_META_APP_CONTAINERS") == "reviews")
        #expect(proxy.resources?.requests == ["cpu": "100m", "memory": "128Mi"])
        #expect(proxy.readinessProbe?["httpGet"]?["port"] == .int(15021))
        #expect(pod.spec.volumes?.compactMap { $0["name"]?.stringValue } == SidecarInjector.modernVolumes)
        #expect(QoSClass.of(pod.spec) == "Burstable")
    }

    @Test func legacyGolden() throws {
        let injector = SidecarInjector(options: .init(istioVersion: "1.4.6"))
        #expect(injector.options.isLegacy)
        #expect(injector.decide(Self.pod(label: "true"), namespace: Self.namespace()) != .inject(revision: "default"))
        let pod = injector.admit(Self.pod(), namespace: Self.namespace("default", ["istio-injection": "enabled"]))
        #expect(pod.spec.initContainers?.first?.image == "docker.io/istio/proxy_init:1.4.6")
        #expect(pod.spec.containers.map(\.name) == ["reviews", "istio-proxy"])
        let status = try #require(pod.metadata.annotations?["sidecar.istio.io/status"])
        #expect(status.hasPrefix("{\"version\":\""))
        #expect(
            status.hasSuffix(
                "\",\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],\"volumes\":[\"istio-envoy\",\"istio-certs\"],\"imagePullSecrets\":null}"
            ))
        #expect(pod.spec.containers[1].args?.contains("istio-pilot.istio-system:15010") == true)
        #expect(pod.spec.volumes?.compactMap { $0["name"]?.stringValue } == ["istio-envoy", "istio-certs"])
    }

    @Test func injectionIsIdempotent() {
        let injector = SidecarInjector()
        let ns = Self.namespace("default", ["istio-injection": "enabled"])
        let once = injector.admit(Self.pod(), namespace: ns)
        #expect(injector.admit(once, namespace: ns) == once)
    }
}
