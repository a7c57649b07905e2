import Foundation
import MeshCore
import Testing

@testable import MeshAPI

/// The protobuf body reader, on hand-encoded envelopes (the real kubectl bodies are covered by the
/// golden transcript's `kubectl create` steps).
@Suite(.timeLimit(.minutes(1))) struct KubernetesProtobufTests {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload
    }

    static func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    static func number(_ number: Int, _ value: Int64) -> [UInt8] {
        varint(UInt64(number << 3)) + varint(UInt64(bitPattern: value))
    }

    static func envelope(apiVersion: String, kind: String, object: [UInt8]) -> [UInt8] {
        KubernetesProtobuf.magic + field(1, field(1, apiVersion) + field(2, kind)) + field(2, object)
    }

    @Test func readsANamespaceWithLabelsAndDropsZeroScalars() async throws {
        let meta =
            Self.field(1, "foo") + Self.field(2, "") + Self.field(11, Self.field(1, "team") + Self.field(2, "a"))
            + Self.field(8, Self.number(1, -62_135_596_800))
        let body = Self.envelope(apiVersion: "v1", kind: "Namespace", object: Self.field(1, meta) + Self.field(2, []))
        let json = try KubernetesProtobuf.json(body)
        #expect(json["apiVersion"] == .string("v1"))
        #expect(json["kind"] == .string("Namespace"))
        #expect(json["metadata"] == .object(["name": .string("foo"), "labels": .object(["team": .string("a")])]))
        #expect(json["spec"] == .object([:]))
    }

    @Test func readsDeploymentReplicasAndIntOrString() async throws {
        let rolling = Self.field(1, Self.number(1, 1) + Self.field(3, "25%")) + Self.field(2, Self.number(2, 1))
        let spec = Self.number(1, 3) + Self.field(4, Self.field(1, "RollingUpdate") + Self.field(2, rolling))
        let body = Self.envelope(
            apiVersion: "apps/v1", kind: "Deployment", object: Self.field(1, Self.field(1, "web")) + Self.field(2, spec)
        )
        let json = try KubernetesProtobuf.json(body)
        #expect(json["spec"]?["replicas"] == .int(3))
        #expect(json["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"] == .string("25%"))
        #expect(json["spec"]?["strategy"]?["rollingUpdate"]?["maxSurge"] == .int(1))
    }

    @Test(arguments: [
        ([UInt8]("{}".utf8), "missing the k8s protobuf prefix"),
        (KubernetesProtobuf.magic + [0x0A, 0x05, 0x01], "truncated field"),
        (envelope(apiVersion: "batch/v1", kind: "Job", object: field(1, "x")), "no protobuf schema for batch/v1 Job"),
    ])
    func refusesMalformedBodies(_ body: [UInt8], _ message: String) {
        #expect(throws: KubernetesProtobuf.Failure.self) { try KubernetesProtobuf.json(body) }
        do {
            _ = try KubernetesProtobuf.json(body)
        } catch {
            #expect(error.description == message)
        }
    }
}
