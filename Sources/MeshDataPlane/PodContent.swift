/// What a simulated pod's container serves.
///
/// * `.myapp`: the `janakiramm/myapp:v1|v2` image of the seed tutorials, an nginx serving one
///   HTML page that names the version (and the pod) at `/` and `/index.html`; other paths 404.
/// * `.helloworld`: every other image behaves like Istio's `helloworld` sample and answers
///   `Hello version: <version>, instance: <pod>` on **every** GET path (not only `/hello`), so
///   prefix routes and rewrites in stories always show which version answered.
/// * `.directory`: a user's folder served like nginx's `root` (index.html, types, 304, 404).
public enum PodContent: Sendable, Hashable {
    /// `janakiramm/myapp:<version>` page.
    case myapp(version: String, podName: String)
    /// helloworld-style text body.
    case helloworld(version: String, podName: String)
    /// Static files under a directory (absolute path).
    case directory(path: String)

    /// Picks the content for an image: a static directory wins, then `*/myapp` images, else
    /// helloworld. `version` defaults to the image tag (`v1` when the image has none).
    public static func forImage(
        _ image: String, version: String? = nil, podName: String, staticDirectory: String? = nil
    )
        -> PodContent
    {
        if let staticDirectory { return .directory(path: staticDirectory) }
        let (repository, tag) = splitImage(image)
        let resolvedVersion = version ?? tag ?? "v1"
        if repository == "myapp" || repository.hasSuffix("/myapp") {
            return .myapp(version: tag ?? resolvedVersion, podName: podName)
        }
        return .helloworld(version: resolvedVersion, podName: podName)
    }

    /// `registry:5000/a/b:tag@sha` -> (`registry:5000/a/b`, `tag`).
    static func splitImage(_ image: String) -> (repository: String, tag: String?) {
        var name = Substring(image)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return (String(name[..<colon]), String(name[name.index(after: colon)...]))
        }
        return (String(name), nil)
    }

    /// The in-memory page of `.myapp`.
    static func myappPage(version: String, podName: String) -> String {
        """
        <!DOCTYPE html>
        <html>
        <head><title>myapp \(version)</title></head>
        <body>
        <h1>myapp \(version)</h1>
        <p>Served by pod <b>\(podName)</b></p>
        </body>
        </html>

        """
    }

    /// The body of `.helloworld`.
    static func helloBody(version: String, podName: String) -> String {
        "Hello version: \(version), instance: \(podName)\n"
    }
}

/// nginx's built-in error pages (byte-identical shape, `nginx/1.22.1` signature).
enum NginxPages {
    /// The `Server` header nginx 1.22.1 sends.
    static let serverHeader = "nginx/1.22.1"

    static func errorPage(_ status: Int, _ reason: String) -> String {
        "<html>\r\n<head><title>\(status) \(reason)</title></head>\r\n<body>\r\n"
            + "<center><h1>\(status) \(reason)</h1></center>\r\n<hr><center>\(serverHeader)</center>\r\n"
            + "</body>\r\n</html>\r\n"
    }
}
