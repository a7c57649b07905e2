import Testing

@testable import MeshDataPlane

/// `x-request-id` values have Envoy's UUIDv4 shape.
@Suite(.timeLimit(.minutes(1))) struct RequestIDTests {
    @Test func idsAreVersion4UUIDsInLowerCaseHex() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let id = RequestID.make(using: &generator).string
            let groups = id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
            #expect(id.allSatisfy { $0 == "-" || $0.isNumber || ("a"..."f").contains($0) })
            #expect(groups[2].first == "4")
            #expect(groups[3].first.map { "89ab".contains($0) } == true)
        }
    }
}
