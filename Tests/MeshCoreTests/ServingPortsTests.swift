import Testing

@testable import MeshCore

@Suite(.timeLimit(.minutes(1))) struct ServingPortsTests {
    static func pod(_ containers: [Container]) -> Pod {
        Pod(metadata: ObjectMeta(name: "web-1", namespace: "default"), spec: PodSpec(containers: containers))
    }

    @Test("The app answers on its PORT env and every containerPort its containers declare; none declared: any port")
    func servingPorts() {
        var app = Container(name: "web", image: "hello:v1", ports: [ContainerPort(containerPort: 5000)])
        #expect(Self.pod([app]).servingPorts == [5000])
        app.env = [EnvVar(name: "PORT", value: "8081")]
        #expect(Self.pod([app]).servingPorts == [8081, 5000])
        app.env = [EnvVar(name: "PORT", value: "not-a-port")]
        #expect(Self.pod([app]).servingPorts == [5000])
        #expect(Self.pod([Container(name: "web", image: "nginx")]).servingPorts.isEmpty)
        // The containers of a pod share one network: a second container's port is the pod's too.
        let metrics = Container(name: "exporter", image: "exporter", ports: [ContainerPort(containerPort: 9090)])
        #expect(
            Self.pod([Container(name: "web", image: "hello:v1", ports: [ContainerPort(containerPort: 5000)]), metrics])
                .servingPorts == [5000, 9090])
    }

    @Test("The injected istio-proxy is never the app, wherever it sits")
    func sidecarIsNotTheApp() {
        let proxy = Container(name: "istio-proxy", image: "proxyv2", ports: [ContainerPort(containerPort: 15090)])
        let app = Container(name: "web", image: "hello:v1", ports: [ContainerPort(containerPort: 9080)])
        let pod = Self.pod([proxy, app])
        #expect(pod.appContainer?.name == "web")
        #expect(pod.servingPorts == [9080] && pod.runsSidecar)
        var gateway = Self.pod([proxy])
        gateway.metadata.labels = ["istio": "ingressgateway"]
        #expect(!gateway.runsSidecar)
        // A gateway's istio-proxy is its app: its ports are the pod's.
        #expect(gateway.servingPorts == [15090])
    }
}
