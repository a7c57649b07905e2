import Foundation
import MeshCore
import MeshManifest
import Testing

/// Good manifests: decoded, defaulted and re-encoded, compared with `<name>.expected.json`.
/// Set `MESHSIM_RECORD_GOLDENS=1` to rewrite the goldens (then review the diff by hand).
@Suite(.timeLimit(.minutes(1))) struct GoodManifestTests {
    static let goldenFiles = ["seed-deployments.yaml", "web-app.yaml", "list.json"]

    @Test(arguments: goldenFiles)
    func decodedAndDefaultedMatchesGolden(_ file: String) throws {
        let documents = try ManifestLoader().load([Fixtures.path("good/" + file)])
        let objects = try documents.map { try KubernetesDefaults.defaulted($0.resource).json() }
        let actual = JSONValue.array(objects)
        let goldenPath = Fixtures.path("good/" + file + ".expected.json")
        if ProcessInfo.processInfo.environment["MESHSIM_RECORD_GOLDENS"] == "1" {
            try JSONCoding.prettyEncoder.encode(actual).write(to: URL(fileURLWithPath: goldenPath))
        }
        let expected = try JSONCoding.decoder.decode(
            JSONValue.self, from: Fixtures.data("good/" + file + ".expected.json"))
        let pretty = String(decoding: try JSONCoding.prettyEncoder.encode(actual), as: UTF8.self)
        #expect(actual == expected, "\(pretty)")
    }

    @Test func seedDeploymentsAreConvertedWithKubectlWarnings() throws {
        let documents = try ManifestLoader().load([Fixtures.path("good/seed-deployments.yaml")])
        #expect(documents.map(\.line) == [1, 19])
        #expect(documents.map(\.resource.metadata.name) == ["myapp-v1", "myapp-v2"])
        for document in documents {
            #expect(
                document.warnings == [
                    "Warning: extensions/v1beta1 Deployment is deprecated in v1.9+, unavailable in v1.16+; use apps/v1 Deployment"
                ])
            let deployment = try #require(document.resource.as(Deployment.self))
            #expect(deployment.apiVersion == "apps/v1")
            #expect(deployment.spec.selector?.matchLabels == deployment.spec.template.metadata?.labels)
            // The source keeps what the user wrote, for last-applied-configuration.
            #expect(document.source["apiVersion"] == .string("extensions/v1beta1"))
            #expect(document.source["spec"]?["selector"] == nil)
        }
    }

    @Test func seedIstioManifestIsValidAndKeepsItsVersion() throws {
        let documents = try ManifestLoader().load([Fixtures.path("good/seed-istio.yaml")])
        #expect(documents.map(\.resource.resourceKind.kind) == ["Gateway", "DestinationRule", "VirtualService"])
        #expect(documents.map(\.resource.metadata.name) == ["app-gateway", "myapp", "myapp"])
        #expect(documents.map(\.line) == [1, 16, 30])
        #expect(documents.allSatisfy { $0.warnings.isEmpty })
        for document in documents {
            #expect(try document.resource.json()["apiVersion"] == .string("networking.istio.io/v1alpha3"))
        }
    }

    @Test func legacyReplicaSetAndAppsBetaDeployment() throws {
        let text = """
            apiVersion: apps/v1beta2
            kind: ReplicaSet
            metadata: {name: rs}
            spec:
              template:
                metadata: {labels: {app: x}}
                spec: {containers: [{name: c, image: nginx}]}
            ---
            apiVersion: apps/v1beta1
            kind: Deployment
            metadata: {name: d}
            spec:
              selector: {matchLabels: {app: y}}
              rollbackTo: {revision: 1}
              template:
                metadata: {labels: {app: y, tier: web}}
                spec: {containers: [{name: c, image: nginx}]}
            """
        let documents = try ManifestDecoder().decode(text, file: "legacy.yaml")
        let replicaSet = try #require(documents[0].resource.as(ReplicaSet.self))
        #expect(replicaSet.apiVersion == "apps/v1")
        #expect(replicaSet.spec.selector.matchLabels == ["app": "x"])
        #expect(documents[0].warnings.first?.contains("apps/v1beta2 ReplicaSet is deprecated in v1.9+") == true)
        let deployment = try #require(documents[1].resource.as(Deployment.self))
        // An explicit selector is kept; rollbackTo is dropped as the old server did.
        #expect(deployment.spec.selector?.matchLabels == ["app": "y"])
        #expect(deployment.spec.rollbackTo == nil)
        #expect(documents[1].warnings.first?.hasPrefix("Warning: apps/v1beta1 Deployment") == true)
    }

    @Test func yamlScalarsResolveAsKubectlDoes() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              labels: {quoted: "true", version: "1.10"}
              annotations: {a: "80", b: "yes"}
            spec:
              containers:
              - name: c
                image: nginx
                ports: [{containerPort: 0x50}]
                tty: yes
            """
        let pod = try #require(try ManifestDecoder().decode(text, file: "p.yaml").first?.resource.as(Pod.self))
        #expect(pod.metadata.labels == ["quoted": "true", "version": "1.10"])
        #expect(pod.spec.containers[0].ports?.first?.containerPort == 80)
        #expect(pod.spec.containers[0].tty == true)
    }
}

@Suite(.timeLimit(.minutes(1))) struct DecoderEdgeCaseTests {
    /// What `kubectl create deployment web --image=nginx --dry-run=client -o yaml` prints: nulls and empty objects.
    @Test func kubectlDryRunOutputDecodes() throws {
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              creationTimestamp: null
              labels:
                app: web
              name: web
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: web
              strategy: {}
              template:
                metadata:
                  creationTimestamp: null
                  labels:
                    app: web
                spec:
                  containers:
                  - image: nginx
                    name: nginx
                    resources: {}
            status: {}
            """
        let document = try #require(try ManifestDecoder().decode(text, file: "dry-run.yaml").first)
        let defaulted = try #require(KubernetesDefaults.defaulted(document.resource).as(Deployment.self))
        #expect(defaulted.spec.strategy?.type == "RollingUpdate")
    }

    @Test func aliasBombIsRefused() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...7 {
            let previous = "*a\(level - 1)"
            lines.append("a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
        }
        let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n" + lines.joined(separator: "\n") + "\n"
        let error = ManifestDecoder().decodeAll(text, file: "bomb.yaml").errors.first
        #expect(error?.reason == .tooLarge)
        #expect(error?.message.contains("through YAML aliases") == true)
    }

    @Test func anchorsAndMergeKeysWork() throws {
        let text = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              labels: &labels {app: web}
              annotations: *labels
            spec:
              containers:
              - &c
                name: a
                image: nginx
              - <<: *c
                name: b
            """
        let pod = try #require(try ManifestDecoder().decode(text, file: "anchors.yaml").first?.resource.as(Pod.self))
        #expect(pod.metadata.annotations == ["app": "web"])
        #expect(pod.spec.containers.map(\.name) == ["a", "b"])
        #expect(pod.spec.containers.map(\.image) == ["nginx", "nginx"])
    }

    @Test func wrongTypeUnderAKeyWithDots() {
        let text =
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    app.kubernetes.io/version: 1.0\n"
        let error = ManifestDecoder().decodeAll(text, file: "n.yaml").errors.first
        #expect(error?.line == 6)
        #expect(error?.message == "expected string, got number 1.0")
        #expect(error?.hint == "quote the value to keep it as text: \"1.0\"")
    }

    @Test func nonStringKindIsReportedAsMissing() {
        let error = ManifestDecoder().decodeAll("apiVersion: v1\nkind: 3\nmetadata: {name: x}\n", file: "k.yaml").errors
            .first
        #expect(error?.reason == .missingKind)
    }

    @Test func wrongTypeForAnObjectField() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: web\nspec: {ports: [{port: 80}]}\n"
        let error = ManifestDecoder().decodeAll(text, file: "s.yaml").errors.first
        #expect(
            error?.description == "error: s.yaml:3: Service: metadata: expected a mapping (object), got string \"web\"")
    }

    @Test func listWhereAMappingIsExpectedGetsAHint() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n    port: 80\n"
        let error = ManifestDecoder().decodeAll(text, file: "s.yaml").errors.first
        #expect(error?.line == 5)
        #expect(error?.message == "expected a list, got a mapping (object)")
        #expect(error?.hint == "a list needs \"- \" before each item")
    }
}
