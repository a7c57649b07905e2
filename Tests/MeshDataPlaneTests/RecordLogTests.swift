import MeshDataPlane
import Testing

/// The container log ring: newest records kept in order, formatted on read, followed live.
@Suite(.timeLimit(.minutes(1))) struct RecordLogTests {
    /// A record formatted only when read, like the gateway's access-log records.
    struct Numbered: LogRecord {
        let number: Int
        var logLine: String { "line \(number)" }
    }

    @Test func keepsTheNewestRecordsInOrder() {
        let log = RecordLog<Numbered>(capacity: 3)
        for number in 1...5 { log.append(Numbered(number: number)) }
        #expect(log.lines() == ["line 3", "line 4", "line 5"])
        #expect(log.tail(2) == ["line 4", "line 5"])
        #expect(log.tail(10) == ["line 3", "line 4", "line 5"])
        #expect(log.tail(0).isEmpty)
    }

    @Test func followersGetTheTailThenEveryNewLine() async {
        let log = LogBuffer(capacity: 10)
        log.append("a")
        log.append("b")
        let stream = log.follow(includeExisting: true, tail: 1)
        log.append("c")
        log.finishFollowers()
        var seen: [String] = []
        for await line in stream { seen.append(line) }
        #expect(seen == ["b", "c"])
    }
}
