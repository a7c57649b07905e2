import Foundation

/// Paths to the test fixtures, found relative to this file (Package.swift declares no resources).
enum Fixtures {
    /// `Tests/MeshManifestTests/Fixtures`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of a fixture, such as `bad/empty.yaml`.
    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The bytes of a fixture.
    static func data(_ name: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(name)) }

    /// The file names in a fixture folder, sorted.
    static func names(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }
}
