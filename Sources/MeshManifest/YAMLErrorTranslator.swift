import Yams

/// Turns Yams/libyaml errors into beginner-sized `ManifestError`s: a position and a sentence, never a dump.
enum YAMLErrorTranslator {
    /// Translates an error thrown while composing `chunk`.
    static func translate(_ error: any Error, chunk: DocumentChunk, file: String) -> ManifestError {
        guard let yamlError = error as? YamlError else {
            return ManifestError(.syntax, file: file, line: chunk.lineOffset + 1, message: "YAML syntax error")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // An unclosed quote or bracket fails at the end of the document; the context marks where it opened.
            let lineCount = chunk.text.split(separator: "\n", omittingEmptySubsequences: false).count
            let atEnd = problem.contains("end of stream") || mark.line > lineCount
            let opened = atEnd ? context?.mark : nil
            return syntax(problem: problem, context: context?.text, mark: opened ?? mark, chunk: chunk, file: file)
        case .reader(let problem, _, _, _):
            return ManifestError(
                .binary, file: file, message: "the file is not valid YAML text: \(problem)",
                hint: "save it as UTF-8 text")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return DuplicateKeyReport.error(
                duplicates: duplicates, mark: context.mark, chunk: chunk, file: file)
        default:
            return ManifestError(.syntax, file: file, line: chunk.lineOffset + 1, message: "YAML syntax error")
        }
    }

    private static func syntax(
        problem: String, context: String?, mark: Mark, chunk: DocumentChunk, file: String
    ) -> ManifestError {
        let lines = chunk.text.split(separator: "\n", omittingEmptySubsequences: false)
        let lineText = mark.line >= 1 && mark.line <= lines.count ? String(lines[mark.line - 1]) : ""
        let hasTab = lineText.prefix { $0 == " " || $0 == "\t" }.contains("\t")
        var message = "YAML syntax error: \(problem)"
        if let context, !context.isEmpty { message += " (\(context))" }
        let hint: String?
        if hasTab || problem.contains("tab") {
            message = "YAML syntax error: this line is indented with a tab character"
            hint = "YAML does not allow tabs for indentation; indent with spaces"
        } else if problem.contains("mapping values are not allowed") {
            hint = "check the indentation of this line, or quote a value that contains \": \""
        } else if problem.contains("did not find expected key") || problem.contains("did not find expected '-'") {
            hint = "check the indentation: the keys of one mapping, and the items of one list, must line up"
        } else if problem.contains("could not find expected ':'") {
            hint = "a key is missing its \":\", or a quoted string is not closed"
        } else if problem.contains("end of stream") || problem.contains("unexpected end") {
            hint = "a quote, bracket or brace is not closed"
        } else if problem.contains("block sequence entries are not allowed") {
            hint = "a list item (\"- \") is not indented under its key"
        } else if problem.contains("undefined alias") {
            hint = "every *alias needs an &anchor defined earlier in the same document"
        } else {
            hint = nil
        }
        return ManifestError(
            .syntax, file: file, line: mark.line + chunk.lineOffset, column: mark.column, message: message,
            hint: hint)
    }
}

/// Builds the duplicate-key error, including the missing-`---` diagnosis.
enum DuplicateKeyReport {
    /// Top-level keys that, when repeated, mean two objects were written without a separator.
    static let objectKeys: Set<String> = ["apiVersion", "kind", "metadata"]

    /// The error for Yams' `duplicatedKeysInMapping`.
    static func error(duplicates: [String], mark: Mark, chunk: DocumentChunk, file: String) -> ManifestError {
        guard let found = DuplicateKeyLocator.locate(in: chunk.text, line: mark.line, column: mark.column) else {
            let key = duplicates.first ?? "?"
            return ManifestError(
                .duplicateKey, file: file, line: mark.line + chunk.lineOffset,
                message: "duplicate key \"\(key)\"", hint: "each key may appear only once in a mapping")
        }
        let (kind, name) = objectIdentity(before: found.line, in: chunk.text)
        let atRoot = found.column == 1
        let missingSeparator =
            atRoot && (objectKeys.contains(found.key) || duplicates.contains(where: objectKeys.contains))
        let message = "duplicate key \"\(found.key)\" (first at line \(found.firstLine + chunk.lineOffset))"
        return ManifestError(
            missingSeparator ? .missingSeparator : .duplicateKey, file: file, line: found.line + chunk.lineOffset,
            kind: kind, name: name, message: message,
            hint: missingSeparator
                ? "is a \"---\" document separator missing between two objects?"
                : "each key may appear only once in a mapping; remove or merge one of them")
    }

    /// Kind and name of the object written above `line`, by composing only that part of the text.
    private static func objectIdentity(before line: Int, in text: String) -> (String?, String?) {
        let prefix = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(line - 1)
        guard let node = try? Yams.compose(yaml: prefix.joined(separator: "\n")) else { return (nil, nil) }
        let tree = YAMLTree(node: node, lineOffset: 0)
        return (tree.value["kind"]?.stringValue, tree.value["metadata"]?["name"]?.stringValue)
    }
}
