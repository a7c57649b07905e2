/// `v1.PodStatus`.
public struct PodStatus: Sendable, Hashable, Codable {
    public var phase: String?
    public var conditions: [Condition]?
    public var message: String?
    public var reason: String?
    public var hostIP: String?
    public var podIP: String?
    public var podIPs: [PodIP]?
    public var startTime: String?
    public var initContainerStatuses: [ContainerStatus]?
    public var containerStatuses: [ContainerStatus]?
    public var qosClass: String?

    /// Creates a status in a phase.
    public init(phase: String?) { self.phase = phase }
}

/// `v1.PodIP`.
public struct PodIP: Sendable, Hashable, Codable {
    public var ip: String
    /// Creates an entry.
    public init(ip: String) { self.ip = ip }
}

/// `v1.ContainerStatus`.
public struct ContainerStatus: Sendable, Hashable, Codable {
    public var name: String
    public var ready: Bool
    public var started: Bool?
    public var restartCount: Int
    public var image: String
    public var imageID: String
    public var containerID: String?
    public var state: ContainerState?
    public var lastState: ContainerState?

    /// Creates a status.
    public init(name: String, image: String, ready: Bool, restartCount: Int, state: ContainerState?) {
        self.name = name
        self.image = image
        self.imageID = image
        self.ready = ready
        self.restartCount = restartCount
        self.state = state
    }
}

/// `v1.ContainerState`: exactly one of the three is set.
public struct ContainerState: Sendable, Hashable, Codable {
    public var waiting: ContainerStateWaiting?
    public var running: ContainerStateRunning?
    public var terminated: ContainerStateTerminated?
    /// Creates a state.
    public init(
        waiting: ContainerStateWaiting? = nil, running: ContainerStateRunning? = nil,
        terminated: ContainerStateTerminated? = nil
    ) {
        self.waiting = waiting
        self.running = running
        self.terminated = terminated
    }
}

/// `v1.ContainerStateWaiting`.
public struct ContainerStateWaiting: Sendable, Hashable, Codable {
    public var reason: String?
    public var message: String?
    /// Creates a waiting state.
    public init(reason: String?, message: String? = nil) {
        self.reason = reason
        self.message = message
    }
}

/// `v1.ContainerStateRunning`.
public struct ContainerStateRunning: Sendable, Hashable, Codable {
    public var startedAt: String?
    /// Creates a running state.
    public init(startedAt: String?) { self.startedAt = startedAt }
}

/// `v1.ContainerStateTerminated`.
public struct ContainerStateTerminated: Sendable, Hashable, Codable {
    public var exitCode: Int
    public var reason: String?
    public var startedAt: String?
    public var finishedAt: String?
    /// Creates a terminated state.
    public init(exitCode: Int, reason: String?, finishedAt: String? = nil) {
        self.exitCode = exitCode
        self.reason = reason
        self.finishedAt = finishedAt
    }
}
