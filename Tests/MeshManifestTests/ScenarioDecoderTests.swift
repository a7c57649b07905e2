import MeshCore
import MeshManifest
import Testing

/// Scenario files decode into steps, and bad values fail with the file and line before anything runs.
@Suite("Scenario decoding", .timeLimit(.minutes(1)))
struct ScenarioDecoderTests {
    static func decode(_ steps: String) throws(ManifestError) -> Scenario {
        try ScenarioDecoder.decode("name: t\nsteps:\n" + steps, file: "story.yaml")
    }

    @Test func trafficTakesRateDurationAndConcurrency() throws {
        let scenario = try Self.decode(
            """
              - traffic: {duration: 1s, rate: 200, concurrency: 4}
              - traffic: {count: 50, duration: 500ms}
              - traffic: {path: /x, method: post, expect: {p50Below: 20ms, p90Below: 1s, p99Below: 2s}}
            """)
        guard case .traffic(let paced, _) = scenario.steps[0].action,
            case .traffic(let both, _) = scenario.steps[1].action,
            case .traffic(let plain, _) = scenario.steps[2].action
        else {
            Issue.record("not traffic steps")
            return
        }
        #expect(paced.count == nil && paced.duration == 1 && paced.rate == 200 && paced.concurrency == 4)
        #expect(scenario.steps[0].title == "traffic for 1s at 200/s × GET /")
        #expect(both.count == 50 && both.duration == 0.5 && both.rate == nil)
        #expect(scenario.steps[1].title == "traffic 50 within 500ms × GET /")
        #expect(plain.count == 100 && plain.duration == nil && plain.method == "POST")
        #expect(scenario.steps[2].title == "traffic 100 × POST /x")
        #expect(plain.latencyBelowMilliseconds == [50: 20, 90: 1000, 99: 2000])
    }

    @Test func waitForTakesTheKubectlForms() throws {
        let scenario = try Self.decode(
            """
              - wait: {for: condition=Available, kind: deployment, name: web, timeout: 5s}
              - wait: {for: "condition=Ready=False", kind: node, name: meshsim-m02}
              - wait: {for: delete, kind: pod, name: web-1, namespace: shop}
              - wait: {for: "jsonpath='{.status.readyReplicas}'=2", kind: deploy, name: web}
            """)
        let actions = scenario.steps.map(\.action)
        #expect(
            actions[0]
                == .waitFor(
                    kind: "deployment", name: "web", namespace: "default",
                    condition: .condition(type: "Available", status: "True"), timeout: 5))
        #expect(
            actions[1]
                == .waitFor(
                    kind: "node", name: "meshsim-m02", namespace: "default",
                    condition: .condition(type: "Ready", status: "False"), timeout: 30))
        #expect(
            actions[2] == .waitFor(kind: "pod", name: "web-1", namespace: "shop", condition: .delete, timeout: 30))
        guard case .waitFor(_, _, _, .jsonPath(let path, let value), _) = actions[3] else {
            Issue.record("not a jsonpath wait: \(actions[3])")
            return
        }
        #expect(path.description == "{.status.readyReplicas}" && value == "2")
        #expect(scenario.steps[0].title == "wait --for=condition=Available=True deployment/web")
    }

    /// One bad value per case: the message and the line of the bad field.
    @Test(
        arguments: [
            ("  - traffic: {count: 10}\n  - traffic: {rate: -5}", 4, "rate must be a number of requests per second"),
            ("  - traffic: {rate: 0}", 3, "rate must be"),
            ("  - traffic: {rate: 20000}", 3, "at most 10000"),
            ("  - traffic: {count: 1000, rate: 1}", 3, "1000 requests at 1.0 per second would take more than 10m"),
            ("  - traffic: {duration: 1}", 3, "invalid duration 1: a unit is required"),
            ("  - traffic: {duration: 2 seconds}", 3, "invalid duration \"2 seconds\""),
            ("  - traffic: {duration: 0s}", 3, "duration must be above 0"),
            ("  - traffic: {duration: 11m}", 3, "at most 10m"),
            ("  - traffic: {count: 0}", 3, "count must be between 1 and 1000000"),
            ("  - traffic: {count: lots}", 3, "count must be between 1 and 1000000 (got lots)"),
            ("  - traffic: {concurrency: 0}", 3, "concurrency must be between 1 and 256"),
            ("  - traffic: {method: FETCH}", 3, "method must be one of GET, HEAD, POST"),
            ("  - traffic:\n      count: 5\n      pace: 3", 5, "unknown field \"pace\" in traffic"),
            ("  - wait: {for: ready, kind: pod, name: x}", 3, "unknown wait form \"ready\""),
            ("  - wait: {for: \"jsonpath={.status[x]}=2\", kind: pod, name: x}", 3, "unknown wait form"),
            ("  - wait: {for: \"condition=\", kind: pod, name: x}", 3, "unknown wait form"),
            ("  - wait: {for: delete, name: x}", 3, "wait for delete needs kind and name"),
            ("  - wait: {for: delete, kind: teapot, name: x}", 3, "unknown kind \"teapot\""),
            ("  - wait: {for: delete, kind: pod, name: x, rollout: [web]}", 3, "either for"),
            ("  - wait: {rollout: [web], timeout: 30}", 3, "invalid duration 30: a unit is required"),
            ("  - sleep: 2", 3, "invalid duration 2: a unit is required"),
            ("  - expect: {kind: deployment, name: x, path: \"status..x\", equals: 1}", 3, "invalid path"),
        ])
    func badValuesFailWithTheLine(steps: String, line: Int, message: String) {
        let error = #expect(throws: ManifestError.self) { try Self.decode(steps) }
        #expect(error?.line == line)
        #expect(error?.description.contains("story.yaml:\(line)") == true, "\(String(describing: error))")
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test func jsonPathReadsMembersAndIndexes() throws {
        let object: JSONValue = .object([
            "status": .object([
                "readyReplicas": .int(2),
                "conditions": .array([.object(["type": .string("Available"), "status": .string("True")])]),
            ])
        ])
        #expect(JSONPath("status.readyReplicas")?.value(in: object) == .int(2))
        #expect(JSONPath("{.status.readyReplicas}")?.value(in: object) == .int(2))
        #expect(JSONPath("status.conditions[0].type")?.value(in: object) == .string("Available"))
        #expect(JSONPath("status.conditions[3].type")?.value(in: object) == nil)
        #expect(JSONPath("status.missing")?.value(in: object) == nil)
        for bad in ["", "{}", "{.status", "status..x", "status[a]", "status[-1]", "status.conditions[?(@.type)]"] {
            #expect(JSONPath(bad) == nil, "\(bad)")
        }
    }
}
