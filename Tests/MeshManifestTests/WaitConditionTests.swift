import MeshCore
import MeshManifest
import Testing

/// `wait --for` decisions from one read of an object, as kubectl makes them.
@Suite("Wait conditions", .timeLimit(.minutes(1)))
struct WaitConditionTests {
    static func deployment(generation: Int = 1, observed: Int = 1, available: String = "True", uid: String = "u1")
        -> JSONValue
    {
        .object([
            "metadata": .object(["name": .string("web"), "uid": .string(uid), "generation": .int(generation)]),
            "status": .object([
                "observedGeneration": .int(observed), "readyReplicas": .int(2),
                "conditions": .array([
                    .object(["type": .string("Progressing"), "status": .string("True")]),
                    .object(["type": .string("Available"), "status": .string(available)]),
                ]),
            ]),
        ])
    }

    @Test func parsesTheKubectlForms() {
        #expect(WaitCondition(kubectl: "condition=Available") == .condition(type: "Available", status: "True"))
        #expect(WaitCondition(kubectl: "condition=Ready=False") == .condition(type: "Ready", status: "False"))
        #expect(WaitCondition(kubectl: "delete") == .delete)
        #expect(WaitCondition(kubectl: "Delete") == .delete)
        let quoted = WaitCondition(kubectl: "jsonpath='{.status.phase}'=Running")
        #expect(quoted?.description == "jsonpath={.status.phase}=Running")
        #expect(
            WaitCondition(kubectl: "jsonpath={.status.loadBalancer}")?.description == "jsonpath={.status.loadBalancer}")
        for bad in ["ready", "condition=", "condition=A=B=C", "jsonpath=", "jsonpath={.a}=", "jsonpath={.a}=1=2", ""] {
            #expect(WaitCondition(kubectl: bad) == nil, "\(bad)")
        }
    }

    @Test func conditionMatchesTypeAndStatusCaseInsensitively() {
        let available = WaitCondition.condition(type: "available", status: "true")
        #expect(available.observe(Self.deployment(), originalUID: nil) == .init(met: true, observed: "Available=True"))
        #expect(
            available.observe(Self.deployment(available: "False"), originalUID: nil)
                == .init(met: false, observed: "Available=False"))
        #expect(
            WaitCondition.condition(type: "Available", status: "False").observe(
                Self.deployment(available: "False"), originalUID: nil
            ).met)
        #expect(
            WaitCondition.condition(type: "Ready", status: "True").observe(Self.deployment(), originalUID: nil)
                == .init(met: false, observed: "no Ready condition"))
        #expect(available.observe(nil, originalUID: nil) == .init(met: false, observed: "object not found"))
    }

    @Test func aConditionForAnOlderGenerationDoesNotCount() {
        let observation = WaitCondition.condition(type: "Available", status: "True").observe(
            Self.deployment(generation: 2, observed: 1), originalUID: nil)
        #expect(!observation.met)
        #expect(observation.observed == "Available=True for generation 1 (object at 2)")
    }

    @Test func deleteIsMetWhenGoneOrReplaced() {
        #expect(WaitCondition.delete.observe(nil, originalUID: "u1") == .init(met: true, observed: "deleted"))
        #expect(!WaitCondition.delete.observe(Self.deployment(), originalUID: "u1").met)
        #expect(
            WaitCondition.delete.observe(Self.deployment(uid: "u2"), originalUID: "u1")
                == .init(met: true, observed: "deleted and created again"))
    }

    @Test func jsonPathComparesTheFieldAsText() {
        let two = WaitCondition(kubectl: "jsonpath={.status.readyReplicas}=2")
        let three = WaitCondition(kubectl: "jsonpath={.status.readyReplicas}=3")
        let exists = WaitCondition(kubectl: "jsonpath={.status.readyReplicas}")
        let missing = WaitCondition(kubectl: "jsonpath={.status.nothing}=1")
        #expect(two?.observe(Self.deployment(), originalUID: nil) == .init(met: true, observed: "2"))
        #expect(three?.observe(Self.deployment(), originalUID: nil) == .init(met: false, observed: "2"))
        #expect(exists?.observe(Self.deployment(), originalUID: nil).met == true)
        #expect(missing?.observe(Self.deployment(), originalUID: nil) == .init(met: false, observed: "<missing>"))
    }
}
