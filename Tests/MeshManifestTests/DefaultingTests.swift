import Foundation
import MeshCore
import MeshManifest
import Testing

@Suite(.timeLimit(.minutes(1))) struct DefaultingTests {
    /// Decodes one object without validation, then defaults it and returns the JSON.
    private func defaulted(_ yaml: String) throws -> JSONValue {
        let document = try #require(try ManifestDecoder(validate: false).decode(yaml, file: "t.yaml").first)
        return try KubernetesDefaults.defaulted(document.resource).json()
    }

    @Test(arguments: [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.25", "IfNotPresent"),
        ("localhost:5000/app", "Always"), ("localhost:5000/app:v1", "IfNotPresent"),
        ("registry.io/team/app:latest", "Always"), ("nginx@sha256:0123abcd", "IfNotPresent"),
    ])
    func imagePullPolicy(_ image: String, _ expected: String) {
        #expect(PodDefaults.pullPolicy(for: image) == expected)
    }

    @Test func deploymentGetsApiServerDefaults() throws {
        let json = try defaulted(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: d}}
              template:
                metadata: {labels: {app: d}}
                spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
            """)
        let spec = try #require(json["spec"])
        #expect(spec["replicas"] == .int(1))
        #expect(spec["revisionHistoryLimit"] == .int(10))
        #expect(spec["progressDeadlineSeconds"] == .int(600))
        #expect(
            spec["strategy"]
                == .object([
                    "type": .string("RollingUpdate"),
                    "rollingUpdate": .object(["maxSurge": .string("25%"), "maxUnavailable": .string("25%")]),
                ]))
        let pod = try #require(spec["template"]?["spec"])
        #expect(pod["restartPolicy"] == .string("Always"))
        #expect(pod["dnsPolicy"] == .string("ClusterFirst"))
        #expect(pod["terminationGracePeriodSeconds"] == .int(30))
        #expect(pod["schedulerName"] == .string("default-scheduler"))
        #expect(pod["securityContext"] == .object([:]))
        #expect(pod["enableServiceLinks"] == nil)
        let container = try #require(pod["containers"]?.arrayValue?.first)
        #expect(container["terminationMessagePath"] == .string("/dev/termination-log"))
        #expect(container["terminationMessagePolicy"] == .string("File"))
        #expect(container["imagePullPolicy"] == .string("Always"))
        #expect(container["resources"] == .object([:]))
        #expect(container["ports"]?.arrayValue?.first?["protocol"] == .string("TCP"))
    }

    @Test func explicitValuesAreKept() throws {
        let json = try defaulted(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              replicas: 0
              revisionHistoryLimit: 2
              selector: {matchLabels: {app: d}}
              strategy: {rollingUpdate: {maxSurge: 1}}
              template:
                metadata: {labels: {app: d}}
                spec:
                  restartPolicy: Always
                  dnsPolicy: Default
                  containers: [{name: c, image: nginx, imagePullPolicy: Never, ports: [{containerPort: 53, protocol: UDP}]}]
            """)
        let spec = try #require(json["spec"])
        #expect(spec["replicas"] == .int(0))
        #expect(spec["revisionHistoryLimit"] == .int(2))
        #expect(spec["strategy"]?["rollingUpdate"] == .object(["maxSurge": .int(1), "maxUnavailable": .string("25%")]))
        #expect(spec["template"]?["spec"]?["dnsPolicy"] == .string("Default"))
        let container = try #require(spec["template"]?["spec"]?["containers"]?.arrayValue?.first)
        #expect(container["imagePullPolicy"] == .string("Never"))
        #expect(container["ports"]?.arrayValue?.first?["protocol"] == .string("UDP"))
    }

    @Test func recreateStrategyHasNoRollingUpdate() throws {
        let json = try defaulted(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: d}}
              strategy: {type: Recreate}
              template: {metadata: {labels: {app: d}}, spec: {containers: [{name: c, image: nginx}]}}
            """)
        #expect(json["spec"]?["strategy"] == .object(["type": .string("Recreate")]))
    }

    @Test func serviceDefaults() throws {
        let json = try defaulted(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec:
              selector: {app: s}
              ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP, targetPort: 5353}]
            """)
        let spec = try #require(json["spec"])
        #expect(spec["type"] == .string("ClusterIP"))
        #expect(spec["sessionAffinity"] == .string("None"))
        #expect(spec["ipFamilies"] == .array([.string("IPv4")]))
        #expect(spec["ipFamilyPolicy"] == .string("SingleStack"))
        #expect(spec["internalTrafficPolicy"] == .string("Cluster"))
        #expect(spec["externalTrafficPolicy"] == nil)
        let ports = try #require(spec["ports"]?.arrayValue)
        #expect(ports[0]["protocol"] == .string("TCP"))
        #expect(ports[0]["targetPort"] == .int(80))
        #expect(ports[1]["protocol"] == .string("UDP"))
        #expect(ports[1]["targetPort"] == .int(5353))
    }

    @Test func nodePortServiceGetsExternalTrafficPolicy() throws {
        let json = try defaulted(
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, ports: [{port: 80}]}\n")
        #expect(json["spec"]?["externalTrafficPolicy"] == .string("Cluster"))
    }

    @Test func namespaceIsActive() throws {
        let json = try defaulted("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
        #expect(json["status"] == .object(["phase": .string("Active")]))
        #expect(json["spec"] == .object(["finalizers": .array([.string("kubernetes")])]))
        #expect(json["metadata"]?["labels"] == .object(["kubernetes.io/metadata.name": .string("shop")]))
    }

    @Test func podGetsAdmissionDefaults() throws {
        let json = try defaulted(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: busybox:1.36}]}\n")
        let spec = try #require(json["spec"])
        #expect(spec["serviceAccountName"] == .string("default"))
        #expect(spec["serviceAccount"] == .string("default"))
        #expect(spec["priority"] == .int(0))
        #expect(spec["enableServiceLinks"] == .bool(true))
        #expect(spec["tolerations"]?.arrayValue?.count == 2)
        #expect(spec["containers"]?.arrayValue?.first?["imagePullPolicy"] == .string("IfNotPresent"))
    }

    @Test(arguments: GoodManifestTests.goldenFiles)
    func defaultingIsIdempotent(_ file: String) throws {
        for document in try ManifestLoader().load([Fixtures.path("good/" + file)]) {
            let once = KubernetesDefaults.defaulted(document.resource)
            #expect(KubernetesDefaults.defaulted(once) == once)
            #expect(KubernetesValidation.validate(once).isEmpty)
        }
    }
}
