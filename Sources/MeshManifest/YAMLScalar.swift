import Foundation

/// go-yaml v2's scalar styles: plain when it reads back as the same string, `"double"` when it would read
/// back as another type, `'single'` when an indicator forbids plain, literal `|` for multi-line text.
enum YAMLScalar {
    /// A string as go-yaml v2 writes it on one line.
    static func string(_ text: String) -> String {
        if hasSpecialCharacters(text) { return doubleQuoted(text) }
        // Why double quotes here: go-yaml's `stringv` asks for double quotes when the plain text would
        // resolve to a non-string (`"80"`, `"true"`, `"2026-01-01"`, `""`).
        if !resolvesToString(text) { return doubleQuoted(text) }
        if !plainAllowed(text) { return "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        return text
    }

    /// `string(text)` written from `column`, with plain and single-quoted text folded at a space once the line is
    /// past column 80, continuing at `indent` (libyaml `yaml_emitter_write_plain_scalar`, `best_width` 80).
    static func folded(_ text: String, column: Int, indent: Int) -> String {
        let rendered = string(text)
        guard column + rendered.count > 80, let first = rendered.first, first != "\"" else { return rendered }
        let quoted = first == "'"
        let characters = Array(quoted ? rendered.dropFirst().dropLast() : Substring(rendered))
        var out = quoted ? "'" : ""
        var current = column + out.count
        var previousSpace = false
        for (index, character) in characters.enumerated() {
            guard character == " " else {
                out.append(character)
                current += 1
                previousSpace = false
                continue
            }
            let nextIsSpace = index + 1 < characters.count && characters[index + 1] == " "
            let inside = !quoted || (index > 0 && index < characters.count - 1)
            if !previousSpace, current > 80, !nextIsSpace, inside {
                out += "\n" + String(repeating: " ", count: indent)
                current = indent
            } else {
                out.append(" ")
                current += 1
            }
            previousSpace = true
        }
        return quoted ? out + "'" : out
    }

    /// Multi-line strings use the literal style, unless they hold characters only double quotes can carry.
    static func needsLiteralBlock(_ text: String) -> Bool {
        text.contains("\n") && !hasSpecialCharacters(text)
            && !text.split(separator: "\n", omittingEmptySubsequences: false).contains { $0.hasSuffix(" ") }
    }

    /// `|`, `|-` or `|+` (by trailing newlines) and the lines indented by `indent`, ending in a newline.
    static func literalBlock(_ text: String, indent: Int) -> String {
        let trailing = text.reversed().prefix { $0 == "\n" }.count
        let chomp = trailing == 0 ? "-" : (trailing == 1 ? "" : "+")
        let indicator = text.hasPrefix(" ") ? "2" : ""
        var body = text
        if trailing > 0 { body.removeLast(trailing) }
        let pad = String(repeating: " ", count: indent)
        var out = "|\(indicator)\(chomp)\n"
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.isEmpty ? "\n" : pad + line + "\n"
        }
        if trailing > 1 { out += String(repeating: "\n", count: trailing - 1) }
        return out
    }

    /// Go's `strconv.FormatFloat(f, 'g', -1, 64)` for the values manifests hold.
    static func float(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 { return String(Int64(value)) }
        return "\(value)"
    }

    // MARK: - Analysis (libyaml `yaml_emitter_analyze_scalar`)

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0x0A || (0x20...0x7E).contains(value) || value == 0x85
            || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) && value != 0xFEFF
            || (0x10000...0x10FFFF).contains(value)
    }

    private static func hasSpecialCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { !isPrintable($0) }
    }

    private static func plainAllowed(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if first == " " || last == " " { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        let characters = Array(text)
        if "#,[]{}&*!|>'\"%@`".contains(first) { return false }
        if "-?:".contains(first), characters.count == 1 || characters[1] == " " { return false }
        for index in characters.indices {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == ":", next == nil || next == " " { return false }
            if character == "#", index > 0, characters[index - 1] == " " { return false }
        }
        return true
    }

    /// Whether go-yaml v2's `resolve` would read the plain text back as a string.
    static func resolvesToString(_ text: String) -> Bool {
        if text.isEmpty { return false }
        let words: Set<String> = [
            "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
            "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
            ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<",
        ]
        if words.contains(text) { return false }
        guard let first = text.first, "+-.0123456789".contains(first) else { return true }
        return !isNumber(text) && !isTimestamp(text) && !isBase60(text)
    }

    private static func isNumber(_ text: String) -> Bool {
        let plain = text.replacingOccurrences(of: "_", with: "")
        var digits = Substring(plain)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { return Int(digits.dropFirst(2), radix: 16) != nil }
        if digits.hasPrefix("0b") || digits.hasPrefix("0B") { return Int(digits.dropFirst(2), radix: 2) != nil }
        if digits.hasPrefix("0o") || digits.hasPrefix("0O") { return Int(digits.dropFirst(2), radix: 8) != nil }
        if !digits.isEmpty, digits.allSatisfy(\.isNumber) { return true }
        let floatCharacters = "0123456789.eE+-"
        guard digits.contains(where: \.isNumber), digits.allSatisfy({ floatCharacters.contains($0) }) else {
            return false
        }
        return Double(plain) != nil
    }

    /// `2006-1-2`, optionally followed by `T`, `t` or a space and a time.
    private static func isTimestamp(_ text: String) -> Bool {
        let parts = text.prefix { $0 != "T" && $0 != "t" && $0 != " " }.split(
            separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isNumber) })
        else { return false }
        return true
    }

    private static func isBase60(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1, let head = parts.first, head.first?.isNumber == true else { return false }
        return parts.dropFirst().allSatisfy { part in
            let whole = part.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            return (1...2).contains(whole[0].count) && whole[0].allSatisfy(\.isNumber)
        } && head.allSatisfy { $0.isNumber || $0 == "_" }
    }

    private static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
