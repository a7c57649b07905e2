/// go-yaml v2's map key order (`keyList.Less` in sorter.go), which kubectl's YAML output follows:
/// letters compare as characters, a non-letter sorts before a letter, and runs of digits compare as numbers
/// (`a9` before `a10`).
enum YAMLKeyOrder {
    /// Whether `left` sorts before `right`.
    static func less(_ left: String, _ right: String) -> Bool {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        var i = 0
        while i < a.count && i < b.count {
            if a[i] == b[i] {
                i += 1
                continue
            }
            let aLetter = a[i].properties.isAlphabetic
            let bLetter = b[i].properties.isAlphabetic
            if aLetter && bLetter { return a[i].value < b[i].value }
            if aLetter || bLetter { return bLetter }
            var aNumber = 0
            var bNumber = 0
            if a[i] == "0" || b[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(a[j]) {
                    if a[j] != "0" {
                        aNumber = 1
                        bNumber = 1
                        break
                    }
                    j -= 1
                }
            }
            var aEnd = i
            while aEnd < a.count && isDigit(a[aEnd]) {
                aNumber = aNumber &* 10 &+ Int(a[aEnd].value - 48)
                aEnd += 1
            }
            var bEnd = i
            while bEnd < b.count && isDigit(b[bEnd]) {
                bNumber = bNumber &* 10 &+ Int(b[bEnd].value - 48)
                bEnd += 1
            }
            if aNumber != bNumber { return aNumber < bNumber }
            if aEnd != bEnd { return aEnd < bEnd }
            return a[i].value < b[i].value
        }
        return a.count < b.count
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
