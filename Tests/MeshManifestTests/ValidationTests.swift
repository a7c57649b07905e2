import Foundation
import MeshCore
import MeshManifest
import Testing

/// A manifest and the exact field errors kube-apiserver would return for it (after defaulting).
struct ValidationCase: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    var expected: [FieldError]
    var testDescription: String { name }
}

private let deployment = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec:
          containers:
          - {name: web, image: nginx}
    """

let validationCases: [ValidationCase] = [
    ValidationCase(name: "valid deployment", yaml: deployment, expected: []),
    ValidationCase(
        name: "two causes", yaml: deployment.replacingOccurrences(of: "{name: web, image: nginx}", with: "{name: Web}"),
        expected: [
            FieldError(
                path: "spec.template.spec.containers[0].name",
                message:
                    "Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ),
            FieldError(path: "spec.template.spec.containers[0].image", message: "Required value"),
        ]),
    ValidationCase(
        name: "empty selector",
        yaml: deployment.replacingOccurrences(of: "selector: {matchLabels: {app: web}}", with: "selector: {}"),
        expected: [
            FieldError(
                path: "spec.selector",
                message:
                    "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            )
        ]),
    ValidationCase(
        name: "bad strategy",
        yaml: deployment.replacingOccurrences(of: "  selector:", with: "  strategy: {type: Canary}\n  selector:"),
        expected: [
            FieldError(
                path: "spec.strategy.type",
                message: "Unsupported value: \"Canary\": supported values: \"Recreate\", \"RollingUpdate\"")
        ]),
    ValidationCase(
        name: "zero surge and unavailable",
        yaml: deployment.replacingOccurrences(
            of: "  selector:", with: "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n  selector:"),
        expected: [
            FieldError(
                path: "spec.strategy.rollingUpdate.maxUnavailable",
                message: "Invalid value: 0: may not be 0 when `maxSurge` is 0")
        ]),
    ValidationCase(
        name: "duplicate port names and bad protocol",
        yaml: deployment.replacingOccurrences(
            of: "{name: web, image: nginx}",
            with:
                "{name: web, image: nginx, ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81, protocol: tcp}]}"
        ),
        expected: [
            FieldError(path: "spec.template.spec.containers[0].ports[1].name", message: "Duplicate value: \"http\""),
            FieldError(
                path: "spec.template.spec.containers[0].ports[1].protocol",
                message: "Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
        ]),
    ValidationCase(
        name: "env names and requests over limits",
        yaml: deployment.replacingOccurrences(
            of: "{name: web, image: nginx}",
            with:
                "{name: web, image: nginx, env: [{name: 1ST}], resources: {requests: {cpu: '2'}, limits: {cpu: 500m}}}"),
        expected: [
            FieldError(
                path: "spec.template.spec.containers[0].env[0].name",
                message:
                    "Invalid value: \"1ST\": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
            ),
            FieldError(
                path: "spec.template.spec.containers[0].resources.requests",
                message: "Invalid value: \"2\": must be less than or equal to cpu limit of 500m"),
        ]),
    ValidationCase(
        name: "label key with two slashes",
        yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: ns, labels: {a/b/c: x}}\n",
        expected: [
            FieldError(
                path: "metadata.labels",
                message:
                    "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )
        ]),
    ValidationCase(
        name: "namespace name with dot",
        yaml: "apiVersion: v1\nkind: Namespace\nmetadata: {name: my.ns}\n",
        expected: [
            FieldError(
                path: "metadata.name",
                message:
                    "Invalid value: \"my.ns\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            )
        ]),
    ValidationCase(
        name: "service problems",
        yaml: """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              type: ClusterIP
              sessionAffinity: Sticky
              ports:
              - {name: http, port: 0, nodePort: 30080}
              - {name: http, port: 70000, targetPort: 0}
            """,
        expected: [
            FieldError(
                path: "spec.sessionAffinity",
                message: "Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\""),
            FieldError(path: "spec.ports[0].port", message: "Invalid value: 0: must be between 1 and 65535, inclusive"),
            FieldError(
                path: "spec.ports[0].targetPort", message: "Invalid value: 0: must be between 1 and 65535, inclusive"),
            FieldError(
                path: "spec.ports[0].nodePort", message: "Forbidden: may not be used when `type` is 'ClusterIP'"),
            FieldError(path: "spec.ports[1].name", message: "Duplicate value: \"http\""),
            FieldError(
                path: "spec.ports[1].port", message: "Invalid value: 70000: must be between 1 and 65535, inclusive"),
            FieldError(
                path: "spec.ports[1].targetPort",
                message: "Invalid value: 70000: must be between 1 and 65535, inclusive"),
        ]),
    ValidationCase(
        name: "service without ports",
        yaml: "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}}\n",
        expected: [FieldError(path: "spec.ports", message: "Required value")]),
    ValidationCase(
        name: "headless service without ports",
        yaml: "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: None, selector: {app: web}}\n",
        expected: []),
    ValidationCase(
        name: "pod restart policy and no containers",
        yaml:
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: Bad_NS}\nspec: {restartPolicy: always, containers: []}\n",
        expected: [
            FieldError(
                path: "metadata.namespace",
                message:
                    "Invalid value: \"Bad_NS\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ),
            FieldError(path: "spec.containers", message: "Required value"),
            FieldError(
                path: "spec.restartPolicy",
                message: "Unsupported value: \"always\": supported values: \"Always\", \"OnFailure\", \"Never\""),
        ]),
    ValidationCase(
        name: "long port name",
        yaml:
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i, ports: [{name: http-metrics-port, containerPort: 9090}]}]}\n",
        expected: [
            FieldError(
                path: "spec.containers[0].ports[0].name",
                message: "Invalid value: \"http-metrics-port\": must be no more than 15 characters")
        ]),
]

@Suite(.timeLimit(.minutes(1))) struct ValidationTests {
    private func resource(_ yaml: String) throws -> AnyResource {
        try #require(try ManifestDecoder(validate: false).decode(yaml, file: "v.yaml").first).resource
    }

    @Test(arguments: validationCases)
    func fieldErrors(_ validationCase: ValidationCase) throws {
        let errors = KubernetesValidation.validate(KubernetesDefaults.defaulted(try resource(validationCase.yaml)))
        #expect(errors == validationCase.expected)
    }

    @Test func aggregatedMessageMatchesKubectl() {
        let one = [FieldError(path: "spec.selector", message: "Required value")]
        #expect(
            KubernetesValidation.invalidMessage(kind: "Deployment", name: "myapp", errors: one)
                == "The Deployment \"myapp\" is invalid: spec.selector: Required value")
        let two =
            one + [FieldError(path: "spec.replicas", message: "Invalid value: -1: must be greater than or equal to 0")]
        #expect(
            KubernetesValidation.invalidMessage(kind: "Deployment", name: "myapp", errors: two)
                == "The Deployment \"myapp\" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]"
        )
    }

    @Test func deploymentSelectorIsImmutable() throws {
        let old = KubernetesDefaults.defaulted(try resource(deployment))
        let changed = deployment.replacingOccurrences(of: "{app: web}", with: "{app: web2}")
        let new = KubernetesDefaults.defaulted(try resource(changed))
        #expect(KubernetesValidation.validateUpdate(old: old, new: old).isEmpty)
        #expect(
            KubernetesValidation.validateUpdate(old: old, new: new) == [
                FieldError(
                    path: "spec.selector",
                    message:
                        "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
                )
            ])
    }

    @Test func podSpecIsImmutableExceptImages() throws {
        let yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx:1}]}\n"
        let old = KubernetesDefaults.defaulted(try resource(yaml))
        let newImage = KubernetesDefaults.defaulted(
            try resource(yaml.replacingOccurrences(of: "nginx:1", with: "nginx:2")))
        #expect(KubernetesValidation.validateUpdate(old: old, new: newImage).isEmpty)
        let newPolicy = KubernetesDefaults.defaulted(
            try resource(yaml.replacingOccurrences(of: "spec: {", with: "spec: {restartPolicy: Never, ")))
        #expect(KubernetesValidation.validateUpdate(old: old, new: newPolicy).map(\.path) == ["spec"])
    }

    @Test(arguments: [
        ("web", true), ("web-1", true), ("a.b.c", true), ("-web", false), ("web-", false), ("Web", false),
        ("my_app", false), (String(repeating: "a", count: 253), true), (String(repeating: "a", count: 254), false),
    ])
    func subdomainNames(_ name: String, _ valid: Bool) {
        #expect(NameRules.dns1123Subdomain(name).isEmpty == valid)
    }

    @Test(arguments: [("web", true), ("1web", false), ("web.v1", false), (String(repeating: "a", count: 64), false)])
    func serviceNames(_ name: String, _ valid: Bool) {
        #expect(NameRules.dns1035Label(name).isEmpty == valid)
    }

    @Test(arguments: [
        ("app", true), ("app.kubernetes.io/name", true), ("/name", false), ("Example.com/x", false), ("a b", false),
        (String(repeating: "k", count: 64), false),
    ])
    func labelKeys(_ key: String, _ valid: Bool) {
        #expect(NameRules.qualifiedName(key).isEmpty == valid)
    }

    @Test func annotationsOverTheTotalLimit() {
        var metadata = ObjectMeta(name: "n", annotations: ["big": String(repeating: "x", count: 256 * 1024)])
        #expect(
            KubernetesValidation.validateMetadata(metadata, kind: Namespace.resourceKind) == [
                FieldError(path: "metadata.annotations", message: "Too long: may not be more than 262144 bytes")
            ])
        metadata.annotations = ["big": String(repeating: "x", count: 256 * 1024 - 3)]
        #expect(KubernetesValidation.validateMetadata(metadata, kind: Namespace.resourceKind).isEmpty)
    }

    @Test func labelValueTooLongAndMissingName() {
        let metadata = ObjectMeta(labels: ["app": String(repeating: "v", count: 64)])
        #expect(
            KubernetesValidation.validateMetadata(metadata, kind: Pod.resourceKind) == [
                FieldError(path: "metadata.name", message: "Required value: name or generateName is required"),
                FieldError(
                    path: "metadata.labels",
                    message:
                        "Invalid value: \"\(String(repeating: "v", count: 64))\": must be no more than 63 characters"),
            ])
    }

    @Test(arguments: [("500m", 0.5), ("128Mi", 134_217_728), ("1e3", 1000), ("2", 2), ("1.5Gi", 1_610_612_736)])
    func quantities(_ text: String, _ value: Double) {
        #expect(Quantity(text).map { Double($0.milliValue) / 1000 } == value)
    }

    @Test(arguments: ["1Gb", "", "abc", "--1", "1.2.3x"])
    func badQuantities(_ text: String) {
        #expect(Quantity(text) == nil)
    }
}
