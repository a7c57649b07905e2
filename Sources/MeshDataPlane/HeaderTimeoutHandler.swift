import NIOCore
import NIOHTTP1

/// Closes connections that do not deliver a complete request head in time (slowloris
/// defence, like nginx's `client_header_timeout` and Envoy's `request_headers_timeout`).
///
/// The clock runs from accept, and again from the end of each response until the next
/// request head arrives, so an idle keep-alive connection is also reaped after `timeout`.
/// It never runs while a request is being answered (slow upstreams are the router's business).
final class HeaderTimeoutHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timer: HeaderTimer
    private var outstanding = 0

    init(timeout: TimeAmount) { self.timer = HeaderTimer(timeout: timeout) }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { timer.arm(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        timer.arm(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { timer.cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        timer.cancel()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            outstanding += 1
            timer.disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            outstanding = max(0, outstanding - 1)
            if outstanding == 0 { timer.arm(context: context) }
        }
        context.write(data, promise: promise)
    }
}

/// The header-timeout clock of one connection (used by `HeaderTimeoutHandler` and by the
/// gateway handler, which writes raw bytes). Confined to the connection's event loop.
///
/// The timer is not re-armed per request (that would cost a schedule/cancel pair on the hot
/// path): when it fires early it just re-schedules itself for the current deadline.
final class HeaderTimer {
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// When the connection times out; nil while a request is being answered.
    private var deadline: NIODeadline?

    init(timeout: TimeAmount) { self.timeout = timeout }

    /// Starts (or restarts) the clock: the next request head is due within the timeout.
    func arm(context: ChannelHandlerContext) {
        let deadline = NIODeadline.now() + timeout
        self.deadline = deadline
        if timer == nil { schedule(at: deadline, context: context) }
    }

    /// A request head arrived: no deadline until its response ends.
    func disarm() { deadline = nil }

    /// The connection ended.
    func cancel() {
        deadline = nil
        timer?.cancel()
        timer = nil
    }

    private func schedule(at deadline: NIODeadline, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            let (clock, context) = bound.value
            clock.timer = nil
            guard let current = clock.deadline else { return }
            if current <= .now() {
                context.close(promise: nil)
            } else {
                clock.schedule(at: current, context: context)
            }
        }
    }
}

/// Answers HTTP parse errors before the connection is closed: `431` when the header block
/// exceeded the limit (Envoy), `400` for anything else malformed (nginx and Envoy both),
/// always with `connection: close`. Replaces NIO's `HTTPServerProtocolErrorHandler` so the
/// status and `server` header fit the proxy being imitated.
final class ProtocolErrorResponder: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let serverHeader: String
    private let onRefusal: ((GatewayRejection, _ remote: String?) -> Void)?
    private var responseOpen = false

    init(serverHeader: String, onRefusal: ((GatewayRejection, _ remote: String?) -> Void)? = nil) {
        self.serverHeader = serverHeader
        self.onRefusal = onRefusal
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            // Resets and other I/O errors: nothing to answer, just drop the connection.
            context.close(promise: nil)
            return
        }
        if !responseOpen {
            let rejection = Self.rejection(for: parseError)
            // A client that left mid-request (end of input inside a head or body) was not refused.
            if parseError != .invalidEOFState && context.channel.isActive {
                onRefusal?(rejection, context.channel.remoteAddress?.ipAddress)
            }
            var headers = HTTPHeaders()
            headers.add(name: "server", value: serverHeader)
            headers.add(name: "date", value: WallClock.httpDate())
            headers.add(name: "content-length", value: "0")
            headers.add(name: "connection", value: "close")
            context.write(
                wrapOutboundOut(
                    .head(HTTPResponseHead(version: .http1_1, status: rejection.status, headers: headers))),
                promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    /// `431` for a header block over the limit (Envoy), `400` for anything else malformed.
    static func rejection(for error: HTTPParserError) -> GatewayRejection {
        error == .headerOverflow ? .headersTooLarge : .codecError
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200: responseOpen = true
        case .end: responseOpen = false
        default: break
        }
        context.write(data, promise: promise)
    }
}
