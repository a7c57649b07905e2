import MeshRouting
import Testing

@Suite("Request targets as Envoy routes them", .timeLimit(.minutes(1)))
struct RequestTargetTests {
    @Test(
        "RFC 3986 path normalization (Envoy normalize_path, Istio's default BASE)",
        arguments: [
            ("/v1", "/v1"),
            ("/a/../v1", "/v1"),
            ("/a/./b/.", "/a/b/"),
            ("/a/b/..", "/a/"),
            ("/../../v1", "/v1"),
            ("/v%31", "/v1"),
            ("/%7euser/%2E%2E/x", "/x"),
            ("/a%2fb", "/a%2Fb"),
            ("/a//b", "/a//b"),
            ("/bad%zz", "/bad%zz"),
            ("/.well-known/x", "/.well-known/x"),
            ("/a/../b?next=/../c", "/b?next=/../c"),
            ("*", "*"),
        ])
    func normalizePath(_ target: String, _ expected: String) {
        #expect(RequestTarget.normalizePath(target) == expected)
    }

    @Test("Absolute-form targets give their authority and origin-form path; others are left alone")
    func absoluteForm() {
        #expect(RequestTarget.splitAbsoluteForm("http://shop.test/v1?q=1")! == ("shop.test", "/v1?q=1"))
        #expect(RequestTarget.splitAbsoluteForm("https://shop.test:8443")! == ("shop.test:8443", "/"))
        #expect(RequestTarget.splitAbsoluteForm("Http://shop.test?q")! == ("shop.test", "/?q"))
        #expect(RequestTarget.splitAbsoluteForm("/http://x") == nil)
        #expect(RequestTarget.splitAbsoluteForm("httpx://x/") == nil)
        #expect(RequestTarget.splitAbsoluteForm("h") == nil)
    }
}
