extension Quantity {
    /// The regular expression apimachinery quotes when a quantity does not parse.
    public static let format = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

    /// The quantity as written (canonical form).
    public var text: String { description }
}
