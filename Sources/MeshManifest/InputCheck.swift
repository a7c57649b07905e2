import Foundation

/// Refuses input that is not manifest text before it reaches the YAML parser.
enum InputCheck {
    /// The text of `data`, or an error for oversized, binary or non-UTF-8 input. A UTF-8 BOM is dropped.
    static func text(from data: Data, file: String, maxBytes: Int) -> Result<String, ManifestError> {
        if data.count > maxBytes {
            let size = String(format: "%.1f MiB", Double(data.count) / 1_048_576)
            let limit = String(format: "%.0f MiB", Double(maxBytes) / 1_048_576)
            return .failure(
                ManifestError(
                    .tooLarge, file: file,
                    message: "the file is \(size); the Kubernetes API server rejects requests larger than \(limit)",
                    hint: "split it into several files"))
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Why: Windows PowerShell's `>` writes UTF-16 with a byte-order mark; kubectl reads such files too.
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: Data(bytes), encoding: .utf16), !text.contains("\u{0}") else {
                return .failure(
                    ManifestError(
                        .binary, file: file, message: "the file is not valid UTF-16 text", hint: "save it as UTF-8"))
            }
            return .success(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(
                ManifestError(
                    .binary, file: file, line: line(of: nul, in: bytes),
                    message: "this looks like a binary file (it contains NUL bytes), not YAML or JSON",
                    hint: "check the path; manifests are .yaml, .yml or .json text files"))
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            let offset = firstInvalidUTF8(bytes)
            return .failure(
                ManifestError(
                    .binary, file: file, line: line(of: offset, in: bytes),
                    message: "the file is not valid UTF-8 text (invalid byte at offset \(offset))",
                    hint: "save the file as UTF-8"))
        }
        return .success(text)
    }

    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The byte offset where UTF-8 decoding first fails.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var consumed = 0
        var position = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                position += UTF8.width(scalar)
                consumed = position
            case .emptyInput: return consumed
            case .error: return consumed
            }
        }
    }
}
