import Testing

@testable import MeshDataPlane

@Suite(.timeLimit(.minutes(1))) struct ByteRangeTests {
    @Test(
        "Range headers read as nginx reads them, for a 10-byte body",
        arguments: [
            ("bytes=0-4", ByteRange.partial(0...4)), ("bytes=5-", .partial(5...9)), ("bytes=-3", .partial(7...9)),
            ("bytes=-30", .partial(0...9)), ("bytes=8-20", .partial(8...9)), ("bytes=10-", .unsatisfiable),
            ("bytes=-0", .unsatisfiable), ("bytes=4-2", .unsatisfiable), ("bytes=0-1,3-4", .whole),
            ("items=0-1", .whole), ("bytes=x-1", .unsatisfiable), ("Bytes=1-1", .partial(1...1)),
            ("bytes=20-30,2-3", .partial(2...3)), ("bytes=0-1,x", .unsatisfiable), ("bytes= 3 - 4", .partial(3...4)),
        ])
    func parse(_ header: String, _ expected: ByteRange) {
        #expect(ByteRange.parse(header, length: 10) == expected)
    }

    @Test func noHeaderOrAnEmptyBodyIsTheWholeBody() {
        #expect(ByteRange.parse(nil, length: 10) == .whole)
        #expect(ByteRange.parse("bytes=0-", length: 0) == .whole)
    }
}
