/// The `pod-template-hash` label value and ReplicaSet name suffix.
///
/// Why: copies `controller.ComputeHash` (pkg/controller/controller_utils.go): FNV-32a over a stable
/// serialization of the template, then the collision count as 8 little-endian bytes, then
/// `rand.SafeEncodeString` of the decimal sum, which maps every digit onto the consonant/digit alphabet.
/// Our stable serialization is sorted-key JSON (Go uses `DeepHashObject`'s spew dump), so values differ
/// from a real cluster's but have the same shape and are stable across runs.
public enum PodTemplateHash {
    /// The label key Deployments add to their ReplicaSets (`apps.DefaultDeploymentUniqueLabelKey`).
    public static let labelKey = "pod-template-hash"

    /// The hash of `template` with an optional `collisionCount`.
    public static func compute(_ template: PodTemplateSpec, collisionCount: Int? = nil) -> String {
        let bytes = (try? JSONCoding.encoder.encode(template)).map { Array($0) } ?? []
        var hash = fnv32a(bytes)
        if let collisionCount {
            let value = UInt32(truncatingIfNeeded: collisionCount)
            var extra = [UInt8](repeating: 0, count: 8)
            for index in 0..<4 { extra[index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
            hash = fnv32a(extra, seed: hash)
        }
        return safeEncode(String(hash))
    }

    /// FNV-1a, 32 bits, continuing from `seed`.
    public static func fnv32a(_ bytes: [UInt8], seed: UInt32 = 2_166_136_261) -> UInt32 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    /// `rand.SafeEncodeString`: each byte indexes the alphabet modulo its length.
    public static func safeEncode(_ text: String) -> String {
        let alphabet = NameSuffix.alphabet
        return String(text.utf8.map { alphabet[Int($0) % alphabet.count] })
    }

    /// Whether two templates are equal once the hash label is removed (`EqualIgnoreHash`); empty and
    /// absent label maps compare equal, as apimachinery's semantic DeepEqual treats them.
    public static func equalIgnoringHash(_ lhs: PodTemplateSpec, _ rhs: PodTemplateSpec) -> Bool {
        stripped(lhs) == stripped(rhs)
    }

    /// `template` without the hash label, with empty label/annotation maps normalized to nil.
    public static func stripped(_ template: PodTemplateSpec) -> PodTemplateSpec {
        var copy = template
        var meta = copy.metadata ?? ObjectMeta()
        meta.labels?.removeValue(forKey: labelKey)
        if meta.labels?.isEmpty == true { meta.labels = nil }
        if meta.annotations?.isEmpty == true { meta.annotations = nil }
        copy.metadata = meta == ObjectMeta() ? nil : meta
        return copy
    }
}
