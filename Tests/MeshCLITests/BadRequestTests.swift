import Foundation
import MeshAPI
import NIOHTTP1
import Testing

/// Bad requests get the status and reason kube-apiserver gives, and change nothing.
@Suite("API bad requests", .serialized, .timeLimit(.minutes(1)))
struct BadRequestTests {
    static func json(_ reply: APIClient.Reply) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(reply.body)) as? [String: Any]) ?? [:]
    }

    @Test func badRequestsAreRefusedWithKubernetesStatuses() async throws {
        let meshsim = try Meshsim(profile: "badreq")
        defer { meshsim.cleanUp() }
        #expect(try await meshsim.run(["up", "--http-port", "0", "--no-istio"]).status == 0)
        let data = try #require(FileManager.default.contents(atPath: meshsim.state.path + "/badreq/daemon.json"))
        let info = try JSONDecoder().decode(DaemonInfo.self, from: data)
        let client = APIClient(port: info.apiPort)
        let services = "/api/v1/namespaces/default/services"

        let malformed = try await client.send(.POST, services, body: Array("{not json".utf8))
        #expect(malformed.status == 400)
        #expect(Self.json(malformed)["reason"] as? String == "BadRequest")

        let wrongKind = try await client.send(
            .POST, services, body: Array(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}}"#.utf8))
        #expect(wrongKind.status == 400)

        let service = #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}"#
        let created = try await client.send(.POST, services, body: Array(service.utf8))
        #expect(created.status == 201)
        let again = try await client.send(.POST, services, body: Array(service.utf8))
        #expect(again.status == 409)
        #expect(Self.json(again)["reason"] as? String == "AlreadyExists")

        let mismatch = try await client.send(.PUT, services + "/other", body: Array(service.utf8))
        #expect(mismatch.status == 400)

        let unknownField =
            #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"strict"},"spec":{"bogus":1,"ports":[{"port":80}]}}"#
        let strict = try await client.send(.POST, services + "?fieldValidation=Strict", body: Array(unknownField.utf8))
        #expect(strict.status == 400)
        #expect((Self.json(strict)["message"] as? String)?.contains("unknown field \"spec.bogus\"") == true)

        let invalid =
            #"{"apiVersion":"v1","kind":"Service","metadata":{"name":"bad"},"spec":{"ports":[{"port":70000}]}}"#
        let rejected = try await client.send(.POST, services, body: Array(invalid.utf8))
        #expect(rejected.status == 422)
        #expect(Self.json(rejected)["reason"] as? String == "Invalid")

        let huge = try await client.send(.POST, services, body: Array(repeating: UInt8(ascii: " "), count: 4 << 20))
        #expect(huge.status == 413)

        let missing = try await client.send(.GET, services + "/nosuch")
        #expect(missing.status == 404)
        #expect(Self.json(missing)["message"] as? String == "services \"nosuch\" not found")

        let list = try await client.send(.GET, services)
        let names = ((Self.json(list)["items"] as? [[String: Any]]) ?? []).compactMap {
            ($0["metadata"] as? [String: Any])?["name"] as? String
        }
        #expect(names.sorted() == ["kubernetes", "web"], "bad requests changed nothing")
    }
}
