import Testing

@testable import MeshCLI

/// When each request of a traffic step is due, and when the step is over.
@Suite("Traffic pacing", .timeLimit(.minutes(1)))
struct TrafficPacingTests {
    @Test func aCountAloneSendsBackToBack() {
        let pacing = TrafficPacing(count: 3, duration: nil, rate: nil)
        #expect((0..<3).map { pacing.due($0, elapsed: .seconds(100)) } == [.zero, .zero, .zero])
        #expect(pacing.due(3, elapsed: .zero) == nil)
        // No run outlives the longest duration a step may ask for.
        #expect(pacing.due(1, elapsed: .seconds(600)) == nil)
        #expect(pacing.connections(8) == 3)
    }

    @Test func aRateSpacesRequestsOpenLoop() {
        let pacing = TrafficPacing(count: 10, duration: nil, rate: 200)
        #expect(pacing.due(0, elapsed: .zero) == .zero)
        #expect(pacing.due(1, elapsed: .zero) == .milliseconds(5))
        // Due times do not move when earlier answers were slow: the schedule is open-loop.
        #expect(pacing.due(4, elapsed: .seconds(1)) == .milliseconds(20))
        #expect(pacing.due(10, elapsed: .zero) == nil)
    }

    @Test func aDurationEndsTheRunWhenItPasses() {
        let pacing = TrafficPacing(count: nil, duration: 1, rate: nil)
        #expect(pacing.due(5_000, elapsed: .milliseconds(999)) == .zero)
        #expect(pacing.due(5_001, elapsed: .seconds(1)) == nil)
        #expect(pacing.limit == 1_000_000)
    }

    @Test func aRateAndADurationScheduleExactlyTheirProduct() {
        let pacing = TrafficPacing(count: nil, duration: 1, rate: 200)
        #expect(pacing.limit == 200)
        #expect(pacing.due(199, elapsed: .zero) == .milliseconds(995))
        #expect(pacing.due(200, elapsed: .zero) == nil)
        // A run that fell behind still stops at the duration.
        #expect(pacing.due(150, elapsed: .seconds(1)) == nil)
    }

    @Test func whicheverOfCountAndDurationComesFirstStops() {
        #expect(TrafficPacing(count: 50, duration: 1, rate: 200).limit == 50)
        #expect(TrafficPacing(count: 500, duration: 1, rate: 200).limit == 200)
        #expect(TrafficPacing(count: 50, duration: 1, rate: nil).due(10, elapsed: .seconds(2)) == nil)
    }
}
