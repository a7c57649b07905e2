import Foundation
import MeshAPI
import MeshCore
import NIOHTTP1

/// Finds the profile's running daemon and talks to it.
struct DaemonConnection {
    let paths: ProfilePaths
    let info: DaemonInfo
    var client: APIClient { APIClient(port: info.apiPort) }

    /// Connects or fails with minikube's kind of hint.
    static func open(_ options: GlobalOptions) throws -> DaemonConnection {
        let paths = options.paths
        guard let info = DaemonInfo.read(paths), info.processAlive else {
            throw CLIError(
                """
                error: the "\(paths.profile)" cluster is not running (no daemon for profile "\(paths.profile)" in \(paths.root)).
                  To start a cluster, run: "meshsim up\(paths.profile == "meshsim" ? "" : " -p \(paths.profile)")"
                """)
        }
        return DaemonConnection(paths: paths, info: info)
    }

    /// GET a path and decode JSON, turning Status errors into CLI errors.
    func getJSON(_ path: String) async throws -> JSONValue {
        let reply = try await request(.GET, path)
        return try decode(reply)
    }

    /// Sends a request.
    func request(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json")
        async throws -> APIClient.Reply
    {
        do {
            return try await client.send(method, path, body: body, contentType: contentType)
        } catch {
            throw CLIError("error: cannot reach the meshsim daemon on 127.0.0.1:\(info.apiPort): \(error)")
        }
    }

    /// Decodes a reply body, raising a Status failure as `Error from server (Reason): message`.
    func decode(_ reply: APIClient.Reply) throws -> JSONValue {
        let json = (try? JSONValue.parse(Data(reply.body))) ?? .null
        if reply.status >= 400 {
            if json["kind"]?.stringValue == "Status" {
                let reason = json["reason"]?.stringValue ?? "Unknown"
                throw CLIError("Error from server (\(reason)): \(json["message"]?.stringValue ?? reply.text)")
            }
            throw CLIError("error: the server answered \(reply.status): \(reply.text)")
        }
        return json
    }
}
