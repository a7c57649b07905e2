/// `kubectl get` rows for Istio kinds, from their JSON (typed structs live elsewhere).
///
/// Why: the CRDs' `additionalPrinterColumns` (Istio cue-gen `printerColumn` tags): Gateway has none
/// (Name, Age); VirtualService Gateways/Hosts; DestinationRule Host; ServiceEntry Hosts, Location,
/// Resolution. Array cells render as JSON text (`["reviews"]`), as the CRD table converter does.
public enum IstioPrinters {
    static let name = TableColumn("Name", format: "name", description: "Name must be unique within a namespace.")
    static let age = TableColumn(
        "Age", type: "date",
        description: "CreationTimestamp is a timestamp representing the server time when this object was created.")

    /// Columns for a kind (`Gateway`, `VirtualService`, `DestinationRule`, `ServiceEntry`).
    public static func columns(kind: String) -> [TableColumn] {
        switch kind {
        case "VirtualService":
            [
                name,
                TableColumn(
                    "Gateways", description: "The names of gateways and sidecars that should apply these routes"),
                TableColumn("Hosts", description: "The destination hosts to which traffic is being sent"), age,
            ]
        case "DestinationRule":
            [name, TableColumn("Host", description: "The name of a service from the service registry"), age]
        case "ServiceEntry":
            [
                name, TableColumn("Hosts", description: "The hosts associated with the ServiceEntry"),
                TableColumn(
                    "Location",
                    description:
                        "Whether the service is external to the mesh or part of the mesh (MESH_EXTERNAL or MESH_INTERNAL)"
                ),
                TableColumn("Resolution", description: "Service resolution mode for the hosts (NONE, STATIC, or DNS)"),
                age,
            ]
        default:
            [name, age]
        }
    }

    /// The table for objects of `kind` given as JSON.
    public static func table(kind: String, objects: [JSONValue], now: Double) -> Table {
        Table(
            columns: columns(kind: kind),
            rows: objects.map { object in
                let spec = object["spec"]
                let cells: [String]
                switch kind {
                case "VirtualService": cells = [cell(spec?["gateways"]), cell(spec?["hosts"])]
                case "DestinationRule": cells = [cell(spec?["host"])]
                case "ServiceEntry": cells = [cell(spec?["hosts"]), cell(spec?["location"]), cell(spec?["resolution"])]
                default: cells = []
                }
                let created = object["metadata"]?["creationTimestamp"]?.stringValue
                return [object["metadata"]?["name"]?.stringValue ?? ""] + cells
                    + [Timestamp.age(since: FastTime.parse(created), now: now)]
            })
    }

    /// A CRD column cell: strings verbatim, arrays/objects as compact JSON, absent as empty.
    static func cell(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .bool(let flag)?: return String(flag)
        case let other?:
            guard let data = try? JSONCoding.encoder.encode(other) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
