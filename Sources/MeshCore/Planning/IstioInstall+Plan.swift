/// What `meshsim istio install` / `uninstall` write into `istio-system`.
public struct IstioInstallPlan: Sendable, Hashable {
    /// Objects to create or update (kubectl apply semantics), in order: namespace, Services, Deployments.
    public var apply: [AnyResource] = []
    /// Components of another profile (or of the install being removed) to delete.
    public var delete: [ObjectKey] = []
    /// istioctl's progress lines.
    public var lines: [String] = []
}

extension IstioInstall {
    /// Every Deployment and Service name any profile installs, so an install of another profile
    /// (or an uninstall) removes exactly Istio's components and nothing a user put in `istio-system`.
    public static func componentKeys() -> Set<ObjectKey> {
        var keys = Set<ObjectKey>()
        var generator = SeededGenerator(seed: 1)
        for profile in Profile.allCases {
            let install = IstioInstall(profile: profile, addons: profile != .legacy)
            for deployment in install.deployments(now: 0) { keys.insert(deployment.key) }
            for service in install.services(using: &generator) { keys.insert(service.key) }
        }
        return keys
    }

    /// Installs this profile over whatever `existing` Istio components there are (keys of
    /// Deployments and Services now in `istio-system`): components of another profile are deleted,
    /// this profile's are applied, and `namespace` (nil when missing) gets the profile's labels.
    ///
    /// Why replace: `istioctl install` reconciles the cluster to the profile's manifest, pruning
    /// what the previous profile had and this one does not.
    public func plan<G: RandomNumberGenerator>(
        existing: Set<ObjectKey>, namespace: Namespace?, using generator: inout G
    )
        -> IstioInstallPlan
    {
        var plan = IstioInstallPlan()
        var namespaceObject = namespace ?? ClusterBootstrap(parameters: .init()).namespace("istio-system")
        var labels = namespaceObject.metadata.labels ?? [:]
        labels["istio-injection"] = nil
        labels.merge(namespaceLabels) { _, new in new }
        namespaceObject.metadata.labels = labels
        namespaceObject.metadata.resourceVersion = nil
        if namespace == nil { namespaceObject.metadata.uid = nil }
        plan.apply.append(AnyResource(namespaceObject))
        var services = self.services(using: &generator)
        for index in services.indices {
            // Why: the API server allocates ClusterIPs (and keeps an existing one on update).
            services[index].spec.clusterIP = nil
            services[index].spec.clusterIPs = nil
            services[index].metadata.uid = nil
        }
        let deployments = self.deployments(now: now).map { deployment -> Deployment in
            var fresh = deployment
            fresh.metadata.uid = nil
            return fresh
        }
        plan.apply += services.map(AnyResource.init) + deployments.map(AnyResource.init)
        let wanted = Set(plan.apply.map(\.key))
        plan.delete = existing.intersection(Self.componentKeys()).subtracting(wanted).sorted()
        for key in plan.delete { plan.lines.append("  Removed \(key.kind):\(key.namespace):\(key.name).") }
        plan.lines.append("✔ Istio core installed ⛵️")
        plan.lines.append("✔ Istiod installed 🧠")
        let names = Set(deployments.map(\.metadata.nameOrEmpty))
        if names.contains("istio-egressgateway") { plan.lines.append("✔ Egress gateways installed 🛫") }
        if names.contains("istio-ingressgateway") { plan.lines.append("✔ Ingress gateways installed 🛬") }
        if addons || profile == .legacy { plan.lines.append("✔ Addons installed 📊") }
        plan.lines.append("✔ Installation complete")
        return plan
    }

    /// Removes every Istio component in `existing` (`istioctl uninstall --purge`).
    public static func uninstallPlan(existing: Set<ObjectKey>) -> IstioInstallPlan {
        var plan = IstioInstallPlan()
        plan.delete = existing.intersection(componentKeys()).sorted()
        plan.lines = plan.delete.map { "  Removed \($0.kind):\($0.namespace):\($0.name)." }
        plan.lines.append("✔ Uninstall complete")
        return plan
    }
}
