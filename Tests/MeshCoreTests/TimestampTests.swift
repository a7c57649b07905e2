import MeshCore
import Testing

@Suite(.timeLimit(.minutes(1))) struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_795_548_780.9, "2026-11-24T19:33:00Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (253_402_300_799.0, "9999-12-31T23:59:59Z"),
    ])
    func formatsRFC3339InUTCWithSecondPrecision(seconds: Double, expected: String) {
        #expect(Timestamp.format(seconds) == expected)
        #expect(Timestamp.parse(expected) == seconds.rounded(.down))
    }
}
