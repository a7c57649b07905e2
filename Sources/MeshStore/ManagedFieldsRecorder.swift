import MeshCore

/// Records an ordinary write's `Update` entry in `metadata.managedFields`, after admission so
/// defaulted fields are owned too (kube-apiserver decodes with defaults before its field manager runs).
enum ManagedFieldsRecorder {
    static func record(_ writer: FieldManager.Writer, live: AnyResource?, into object: inout AnyResource, now: String) {
        guard let updated = try? object.json() else { return }
        var writer = writer
        if writer.apiVersion.isEmpty { writer.apiVersion = object.resourceKind.apiVersion }
        if writer.time.isEmpty { writer.time = now }
        let entries = FieldManager.update(
            live == nil ? [] : FieldManager.entries(object.metadata.managedFields), live: try? live?.json(),
            updated: updated, by: writer, associativeLists: !object.resourceKind.isCustomResource)
        object.metadata.managedFields = FieldManager.json(entries)
    }
}
