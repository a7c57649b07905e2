#!/usr/bin/env python3
"""Generates Sources/MeshAPI/Resources/openapi-v3.json, the OpenAPI v3 documents meshsim serves.

The field set is exactly what meshsim models: the public stored properties of the Swift types in
Sources/MeshCore (Kubernetes, Model, Istio). Kubernetes descriptions and types come from the
Python `kubernetes` client (generated from kube-apiserver's OpenAPI), so `kubectl explain` shows
the real text; Istio descriptions come from the Swift doc comments. Re-run after changing a model:

    pip install kubernetes && python3 scripts/gen-openapi.py
"""
import json
import os
import re
import sys

import kubernetes.client.models as models

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Sources/MeshAPI/Resources/openapi-v3.json")
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
APPS_TYPES = {"Deployment", "DeploymentSpec", "DeploymentStatus", "DeploymentStrategy", "DeploymentCondition",
              "RollingUpdateDeployment", "ReplicaSet", "ReplicaSetSpec", "ReplicaSetStatus",
              "ReplicaSetCondition"}
META_TYPES = {"ObjectMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference",
              "ManagedFieldsEntry", "Time", "MicroTime"}

# Descriptions of reference-typed fields: the Python client drops them (kube-openapi puts them
# beside an `allOf`), so the common ones are copied from kube-apiserver's spec.
FIELD_TEXT = {
    "metadata": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/"
                "sig-architecture/api-conventions.md#metadata",
    "Deployment.spec": "Specification of the desired behavior of the Deployment.",
    "Deployment.status": "Most recently observed status of the Deployment.",
    "ReplicaSet.spec": "Spec defines the specification of the desired behavior of the ReplicaSet. More info: "
                       "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
                       "#spec-and-status",
    "ReplicaSet.status": "Status is the most recently observed status of the ReplicaSet. This data may be out of "
                         "date by some window of time. Populated by the system. Read-only. More info: "
                         "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
                         "#spec-and-status",
    "Pod.spec": "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/"
                "contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    "Pod.status": "Most recently observed status of the pod. This data may not be up to date. Populated by the "
                  "system. Read-only. More info: https://git.k8s.io/community/contributors/devel/"
                  "sig-architecture/api-conventions.md#spec-and-status",
    "Service.spec": "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/"
                    "sig-architecture/api-conventions.md#spec-and-status",
    "Service.status": "Most recently observed status of the service. Populated by the system. Read-only. More "
                      "info: https://git.k8s.io/community/contributors/devel/sig-architecture/"
                      "api-conventions.md#spec-and-status",
    "Node.spec": "Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/"
                 "sig-architecture/api-conventions.md#spec-and-status",
    "Node.status": "Most recently observed status of the node. Populated by the system. Read-only. More info: "
                   "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
                   "#spec-and-status",
    "Namespace.spec": "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/"
                      "contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    "Namespace.status": "Status describes the current status of a Namespace. More info: https://git.k8s.io/"
                        "community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    "DeploymentSpec.selector": "Label selector for pods. Existing ReplicaSets whose pods are selected by this will "
                               "be the ones affected by this deployment. It must match the pod template's labels.",
    "DeploymentSpec.template": "Template describes the pods that will be created. The only allowed "
                               "template.spec.restartPolicy value is \"Always\".",
    "DeploymentSpec.strategy": "The deployment strategy to use to replace existing pods with new ones.",
    "DeploymentStrategy.rollingUpdate": "Rolling update config params. Present only if DeploymentStrategyType = "
                                        "RollingUpdate.",
    "ReplicaSetSpec.selector": "Selector is a label query over pods that should match the replica count. Label "
                               "keys and values that must match in order to be controlled by this replica set. It "
                               "must match the pod template's labels. More info: https://kubernetes.io/docs/"
                               "concepts/overview/working-with-objects/labels/#label-selectors",
    "ReplicaSetSpec.template": "Template is the object that describes the pod that will be created if "
                               "insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/"
                               "workloads/controllers/replicationcontroller#pod-template",
    "PodTemplateSpec.spec": "Specification of the desired behavior of the pod. More info: https://git.k8s.io/"
                            "community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    "Container.resources": "Compute Resources required by this container. Cannot be updated. More info: "
                           "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
    "Event.involvedObject": "The object that this event is about.",
    "Event.source": "The component reporting this event. Should be a short machine understandable string.",
    "NodeStatus.nodeInfo": "Set of ids/uuids to uniquely identify the node. More info: "
                           "https://kubernetes.io/docs/reference/node/node-status/#info",
    "ContainerStatus.state": "State holds details about the container's current condition.",
    "ContainerStatus.lastState": "LastTerminationState holds the last termination state of the container to help "
                                 "debug container crashes and restarts. This field is not populated if the "
                                 "container is still running and RestartCount is 0.",
    "ContainerState.running": "Details about a running container",
    "ContainerState.waiting": "Details about a waiting container",
    "ContainerState.terminated": "Details about a terminated container",
    "EnvVar.valueFrom": "Source for the environment variable's value. Cannot be used if value is not empty.",
    "Container.livenessProbe": "Periodic probe of container liveness. Container will be restarted if the probe "
                               "fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/"
                               "pods/pod-lifecycle#container-probes",
    "Container.readinessProbe": "Periodic probe of container service readiness. Container will be removed from "
                                "service endpoints if the probe fails. Cannot be updated. More info: https://"
                                "kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes",
    "PodSpec.affinity": "If specified, the pod's scheduling constraints",
    "PodSpec.securityContext": "SecurityContext holds pod-level security attributes and common container "
                               "settings. Optional: Defaults to empty.  See type description for default values "
                               "of each field.",
}

# Enum values and their texts (k8s.io/api `+enum` types), which kube-openapi appends to descriptions
# as "Possible enum values"; the Python client drops them. Only fields meshsim models.
PROTOCOLS = [("SCTP", "is the SCTP protocol."), ("TCP", "is the TCP protocol."), ("UDP", "is the UDP protocol.")]
ENUMS = {
    "DeploymentStrategy.type": [
        ("Recreate", "Kill all existing pods before creating new ones."),
        ("RollingUpdate", "Replace the old ReplicaSets by new one using rolling update i.e gradually scale down "
                          "the old ReplicaSets and scale up the new one.")],
    "Container.imagePullPolicy": [
        ("Always", "means that kubelet always attempts to pull the latest image. Container will fail If the pull "
                   "fails."),
        ("IfNotPresent", "means that kubelet pulls if the image isn't present on disk. Container will fail if the "
                         "image isn't present and the pull fails."),
        ("Never", "means that kubelet never pulls an image, but only uses a local image. Container will fail if "
                  "the image isn't present")],
    "Container.terminationMessagePolicy": [
        ("FallbackToLogsOnError", "will read the most recent contents of the container logs for the container "
                                  "status message when the container exits with an error and the "
                                  "terminationMessagePath has no contents."),
        ("File", "is the default behavior and will set the container status message to the contents of the "
                 "container's terminationMessagePath when the container exits.")],
    "PodSpec.restartPolicy": [("Always", ""), ("Never", ""), ("OnFailure", "")],
    "PodSpec.dnsPolicy": [
        ("ClusterFirst", "indicates that the pod should use cluster DNS first unless hostNetwork is true, if it "
                         "is available, then fall back on the default (as determined by kubelet) DNS settings."),
        ("ClusterFirstWithHostNet", "indicates that the pod should use cluster DNS first, if it is available, "
                                    "then fall back on the default (as determined by kubelet) DNS settings."),
        ("Default", "indicates that the pod should use the default (as determined by kubelet) DNS settings."),
        ("None", "indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and "
                 "search paths should be defined via DNSConfig.")],
    "PodStatus.phase": [
        ("Failed", "means that all containers in the pod have terminated, and at least one container has "
                   "terminated in a failure (exited with a non-zero exit code or was stopped by the system)."),
        ("Pending", "means the pod has been accepted by the system, but one or more of the containers has not "
                    "been started. This includes time before being bound to a node, as well as time spent "
                    "pulling images onto the host."),
        ("Running", "means the pod has been bound to a node and all of the containers have been started. At least "
                    "one container is still running or is in the process of being restarted."),
        ("Succeeded", "means that all containers in the pod have voluntarily terminated with a container exit "
                      "code of 0, and the system is not going to restart any of those containers."),
        ("Unknown", "means that for some reason the state of the pod could not be obtained, typically due to an "
                    "error in communicating with the host of the pod. Deprecated: It isn't being set since 2015 "
                    "(74da3b14b0c0f658b3bb8d2def5094686d0e9095)")],
    "ServiceSpec.type": [
        ("ClusterIP", "means a service will only be accessible inside the cluster, via the cluster IP."),
        ("ExternalName", "means a service consists of only a reference to an external name that kubedns or "
                         "equivalent will return as a CNAME record, with no exposing or proxying of any pods "
                         "involved."),
        ("LoadBalancer", "means a service will be exposed via an external load balancer (if the cloud provider "
                         "supports it), in addition to 'NodePort' type."),
        ("NodePort", "means a service will be exposed on one port of every node, in addition to 'ClusterIP' "
                     "type.")],
    "ServiceSpec.sessionAffinity": [("ClientIP", "is the Client IP based."), ("None", "- no session affinity.")],
    "ServiceSpec.externalTrafficPolicy": [
        ("Cluster", "routes traffic to all endpoints."),
        ("Local", "preserves the source IP of the traffic by routing only to endpoints on the same node as the "
                  "traffic was received on (dropping the traffic if there are no local endpoints).")],
    "ContainerPort.protocol": PROTOCOLS, "ServicePort.protocol": PROTOCOLS, "EndpointPort.protocol": PROTOCOLS,
    "NamespaceStatus.phase": [
        ("Active", "means the namespace is available for use in the system"),
        ("Terminating", "means the namespace is undergoing graceful termination")],
    "Taint.effect": [
        ("NoExecute", "Evict any already-running pods that do not tolerate the taint. Currently enforced by "
                      "NodeController."),
        ("NoSchedule", "Do not allow new pods to schedule onto the node unless they tolerate the taint, but allow "
                       "all pods submitted to Kubelet without going through the scheduler to start, and allow all "
                       "already-running pods to continue running. Enforced by the scheduler."),
        ("PreferNoSchedule", "Like TaintEffectNoSchedule, but the scheduler tries not to schedule new pods onto "
                             "the node, rather than prohibiting new pods from scheduling onto the node entirely. "
                             "Enforced by the scheduler.")],
}

# Strategic-merge metadata (k8s.io/api struct tags `patchStrategy`, `patchMergeKey`), by "Type.field".
PATCH = {
    "PodSpec.containers": ("merge", "name"), "PodSpec.initContainers": ("merge", "name"),
    "PodSpec.volumes": ("merge,retainKeys", "name"), "PodSpec.imagePullSecrets": ("merge", "name"),
    "Container.ports": ("merge", "containerPort"), "Container.env": ("merge", "name"),
    "Container.volumeMounts": ("merge", "mountPath"), "ServiceSpec.ports": ("merge", "port"),
    "ObjectMeta.ownerReferences": ("merge", "uid"), "ObjectMeta.finalizers": ("merge", None),
    "DeploymentSpec.strategy": ("retainKeys", None), "DeploymentStatus.conditions": ("merge", "type"),
    "ReplicaSetStatus.conditions": ("merge", "type"), "PodStatus.conditions": ("merge", "type"),
    "NodeStatus.conditions": ("merge", "type"), "NodeStatus.addresses": ("merge", "type"),
    "PodStatus.podIPs": ("merge", "ip"),
}

ISTIO_TEXT = {
    "Gateway": "Configuration affecting edge load balancer. See more details at: "
               "https://istio.io/docs/reference/config/networking/gateway.html",
    "VirtualService": "Configuration affecting label/content routing, sni routing, etc. See more details at: "
                      "https://istio.io/docs/reference/config/networking/virtual-service.html",
    "DestinationRule": "Configuration affecting load balancing, outlier detection, etc. See more details at: "
                       "https://istio.io/docs/reference/config/networking/destination-rule.html",
    "ServiceEntry": "Configuration affecting service registry. See more details at: "
                    "https://istio.io/docs/reference/config/networking/service-entry.html",
}

# Istio's own field descriptions (istio/api `crd-all.gen.yaml`), where they differ from meshsim's comments.
ISTIO_FIELD_TEXT = {
    "VirtualServiceSpec.hosts": "The destination hosts to which traffic is being sent.",
    "VirtualServiceSpec.gateways": "The names of gateways and sidecars that should apply these routes.",
    "VirtualServiceSpec.http": "An ordered list of route rules for HTTP traffic.",
    "VirtualServiceSpec.tls": "An ordered list of route rule for non-terminated TLS & HTTPS traffic.",
    "VirtualServiceSpec.tcp": "An ordered list of route rules for opaque TCP traffic.",
    "VirtualServiceSpec.exportTo": "A list of namespaces to which this virtual service is exported.",
    "HTTPRoute.name": "The name assigned to the route for debugging purposes.",
    "HTTPRoute.match": "Match conditions to be satisfied for the rule to be activated.",
    "HTTPRoute.route": "A HTTP rule can either return a direct_response, redirect or forward (default) traffic.",
    "HTTPRoute.redirect": "A HTTP rule can either return a direct_response, redirect or forward (default) traffic.",
    "HTTPRoute.directResponse": "A Direct Response is used to specify a fixed response that should be sent to "
                                "clients.",
    "HTTPRoute.rewrite": "Rewrite HTTP URIs and Authority headers.",
    "HTTPRoute.timeout": "Timeout for HTTP requests, default is disabled.",
    "HTTPRoute.retries": "Retry policy for HTTP requests.",
    "HTTPRoute.fault": "Fault injection policy to apply on HTTP traffic at the client side.",
    "HTTPRoute.mirror": "Mirror HTTP traffic to a another destination in addition to forwarding the requests to "
                        "the intended destination.",
    "HTTPRoute.corsPolicy": "Cross-Origin Resource Sharing policy (CORS).",
    "HTTPRoute.headers": "Header manipulation rules.",
    "HTTPRouteDestination.destination": "Destination uniquely identifies the instances of a service to which the "
                                        "request/connection should be forwarded to.",
    "HTTPRouteDestination.weight": "Weight specifies the relative proportion of traffic to be forwarded to the "
                                   "destination.",
    "HTTPRouteDestination.headers": "Header manipulation rules.",
    "Destination.host": "The name of a service from the service registry.",
    "Destination.subset": "The name of a subset within the service.",
    "Destination.port": "Specifies the port on the host that is being addressed.",
    "DestinationRuleSpec.host": "The name of a service from the service registry.",
    "DestinationRuleSpec.subsets": "One or more named sets that represent individual versions of a service.",
    "DestinationRuleSpec.trafficPolicy": "Traffic policies to apply (load balancing policy, connection pool "
                                         "sizes, outlier detection).",
    "DestinationRuleSpec.exportTo": "A list of namespaces to which this destination rule is exported.",
    "Subset.name": "Name of the subset.",
    "Subset.labels": "Labels apply a filter over the endpoints of a service in the service registry.",
    "Subset.trafficPolicy": "Traffic policies that apply to this subset.",
    "GatewaySpec.servers": "A list of server specifications.",
    "GatewaySpec.selector": "One or more labels that indicate a specific set of pods/VMs on which this gateway "
                            "configuration should be applied.",
    "GatewayServer.port": "The Port on which the proxy should listen for incoming connections.",
    "GatewayServer.hosts": "One or more hosts exposed by this gateway.",
    "GatewayServer.tls": "Set of TLS related options that govern the server's behavior.",
    "GatewayServer.name": "An optional name of the server, when set must be unique across all servers.",
    "IstioPort.number": "A valid non-negative integer port number.",
    "IstioPort.protocol": "The protocol exposed on the port.",
    "IstioPort.name": "Label assigned to the port.",
    "ServiceEntrySpec.hosts": "The hosts associated with the ServiceEntry.",
    "ServiceEntrySpec.addresses": "The virtual IP addresses associated with the service.",
    "ServiceEntrySpec.ports": "The ports associated with the external service.",
    "ServiceEntrySpec.location": "Specify whether the service should be considered external to the mesh or part "
                                 "of the mesh.",
    "ServiceEntrySpec.resolution": "Service resolution mode for the hosts.",
    "ServiceEntrySpec.endpoints": "One or more endpoints associated with the service.",
    "ServiceEntrySpec.exportTo": "A list of namespaces to which this service is exported.",
}

# (kind, group, versions, plural, namespaced)
KINDS = [
    ("Namespace", "", ["v1"], "namespaces", False), ("Node", "", ["v1"], "nodes", False),
    ("Pod", "", ["v1"], "pods", True), ("Service", "", ["v1"], "services", True),
    ("Endpoints", "", ["v1"], "endpoints", True), ("Event", "", ["v1"], "events", True),
    ("Deployment", "apps", ["v1"], "deployments", True), ("ReplicaSet", "apps", ["v1"], "replicasets", True),
]
ISTIO_VERSIONS = ["v1", "v1beta1", "v1alpha3"]
ISTIO = [("Gateway", "gateways"), ("VirtualService", "virtualservices"),
         ("DestinationRule", "destinationrules"), ("ServiceEntry", "serviceentries")]


def swift_structs():
    """{struct name: [(json name, swift type, doc comment)]} from the model sources."""
    structs = {}
    for folder in ["Kubernetes", "Model", "Istio"]:
        base = os.path.join(ROOT, "Sources/MeshCore", folder)
        for name in sorted(os.listdir(base)):
            current, doc, renames = None, [], {}
            for line in open(os.path.join(base, name)):
                match = re.match(r"^(?:public )?struct (\w+)", line)
                if match:
                    current = structs.setdefault(match.group(1), [])
                    doc = []
                    continue
                rename = re.match(r"^\s+case (\w+) = \"(\w+)\"", line)
                if rename:
                    renames[rename.group(1)] = rename.group(2)
                comment = re.match(r"^    /// (.*)", line)
                if comment:
                    doc.append(comment.group(1))
                    continue
                prop = re.match(r"^    public var `?(\w+)`?: ([^={]+?)\s*$", line)
                if prop and current is not None:
                    current.append([prop.group(1), prop.group(2).strip(), " ".join(doc)])
                doc = [] if not line.strip().startswith("///") else doc
            for fields in structs.values():
                for field in fields:
                    field[0] = renames.get(field[0], field[0])
    return structs


SWIFT = swift_structs()


def package(name):
    if name in META_TYPES:
        return META + name
    if name == "IntOrString":
        return "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
    if name == "Quantity":
        return "io.k8s.apimachinery.pkg.api.resource.Quantity"
    return ("io.k8s.api.apps.v1." if name in APPS_TYPES else "io.k8s.api.core.v1.") + name


def class_text(cls):
    text = (cls.__doc__ or "").strip().split("\n\n")[0].strip()
    return "" if text.startswith("Attributes:") else " ".join(text.split())


def inner_swift(swift_type):
    """The struct a Swift field type names (`[Container]?` -> Container), or None for scalars and JSONValue."""
    name = swift_type.strip("[]?")
    if ":" in name:
        name = name.split(":")[1].strip(" ]?")
    return name if name in SWIFT else None


class Builder:
    def __init__(self):
        self.schemas = {}

    def ref(self, name):
        return {"$ref": "#/components/schemas/" + name}

    def k8s_type(self, py_type, swift_type, owner, field):
        """Schema for a Kubernetes field from the Python client's type string."""
        if py_type.startswith("List["):
            item = self.k8s_type(py_type[5:-1], swift_type.strip("[]?"), owner, field)
            if "$ref" in item:
                item = {"allOf": [item], "default": {}}
            return {"type": "array", "items": item}
        if py_type.startswith("Dict["):
            value = py_type[py_type.index(",") + 1:-1].strip()
            if value == "str" and owner == "ResourceRequirements":
                self.scalar("Quantity", "Quantity is a fixed-point representation of a number. It provides "
                                        "convenient marshaling/unmarshaling in JSON and YAML, in addition to "
                                        "String() and AsInt64() accessors.", "string", "")
                return {"type": "object", "additionalProperties": self.ref(package("Quantity"))}
            return {"type": "object", "additionalProperties": self.k8s_type(value, "", owner, field)}
        if py_type == "str":
            return {"type": "string"}
        if py_type == "int":
            return {"type": "integer", "format": "int32"}
        if py_type == "bool":
            return {"type": "boolean"}
        if py_type == "float":
            return {"type": "number", "format": "double"}
        if py_type == "datetime":
            self.scalar("Time", "Time is a wrapper around time.Time which supports correct marshaling to YAML and "
                                "JSON.  Wrappers are provided for many of the factory methods that the time "
                                "package offers.", "string", "date-time")
            return self.ref(package("Time"))
        if py_type == "object":
            if swift_type.strip("?") == "IntOrString":
                self.scalar("IntOrString", "IntOrString is a type that can hold an int32 or a string.  When used "
                                           "in JSON or YAML marshalling and unmarshalling, it produces or consumes "
                                           "the inner type.  This allows you to have, for example, a JSON field "
                                           "that can accept a name or number.", "string", "int-or-string")
                return self.ref(package("IntOrString"))
            return {"type": "object"}
        if py_type.startswith("V1") or py_type.startswith("CoreV1"):
            return self.ref(self.k8s(py_type, inner_swift(swift_type)))
        return {"type": "object"}

    def scalar(self, name, text, kind, fmt):
        self.schemas[package(name)] = {"description": text, "type": kind, "format": fmt}
        if name == "Quantity":
            self.schemas[package(name)].pop("format")

    def k8s(self, py_class, swift_struct):
        """Registers the schema of a Python client model, restricted to the Swift struct's fields."""
        name = py_class[6:] if py_class.startswith("CoreV1") else py_class[2:]
        if name in ("DeploymentCondition", "ReplicaSetCondition", "PodCondition", "NodeCondition"):
            swift_struct = "Condition"
        full = package(name)
        if full in self.schemas:
            return full
        cls = getattr(models, py_class)
        schema = {"description": class_text(cls), "type": "object"}
        self.schemas[full] = schema
        if swift_struct is None:
            # Why: a field meshsim keeps as raw JSON is served as its Kubernetes type, described but
            # without sub-fields, so explain names it and nothing claims meshsim reads inside it.
            schema["x-kubernetes-preserve-unknown-fields"] = True
            return full
        wire = {v: k for k, v in cls.attribute_map.items()}
        properties = {}
        for field, swift_type, _ in SWIFT[swift_struct]:
            attr = wire.get(field)
            if attr is None:
                continue
            py_type = cls.openapi_types[attr]
            prop = self.k8s_type(py_type, swift_type, name, field)
            text = cls.model_fields[attr].description or FIELD_TEXT.get(f"{name}.{field}") or FIELD_TEXT.get(field)
            if "$ref" in prop:
                prop = {"allOf": [prop]}
                if field in ("spec", "status", "metadata", "template", "strategy", "selector"):
                    prop["default"] = {}
            values = ENUMS.get(f"{name}.{field}")
            if values:
                prop["enum"] = [value for value, _ in values]
                text = (text or "") + "\n\nPossible enum values:\n" + "\n".join(
                    f' - `"{value}"`' + (f" {note}" if note else "") for value, note in values)
            if text:
                prop["description"] = text
            strategy = PATCH.get(f"{name}.{field}")
            if strategy:
                if strategy[1]:
                    prop["x-kubernetes-patch-merge-key"] = strategy[1]
                prop["x-kubernetes-patch-strategy"] = strategy[0]
            properties[field] = prop
        schema["properties"] = dict(sorted(properties.items()))
        required = [f for f, t, _ in SWIFT[swift_struct] if not t.endswith("?") and f in properties
                    and f not in ("metadata", "spec")]
        if required:
            schema["required"] = required
        return full

    def istio(self, swift_struct, text=""):
        """An inline (CRD-style) schema from a Swift struct and its doc comments."""
        properties = {}
        for field, swift_type, doc in SWIFT[swift_struct]:
            text = ISTIO_FIELD_TEXT.get(f"{swift_struct}.{field}", doc)
            properties[field] = self.istio_type(swift_type, text)
        schema = {"type": "object", "properties": dict(sorted(properties.items()))}
        if text:
            schema["description"] = text
        return schema

    def istio_type(self, swift_type, doc):
        swift_type = swift_type.rstrip("?")
        if swift_type.startswith("[") and ":" in swift_type:
            value = swift_type.split(":")[1].strip(" ]?")
            result = {"type": "object", "additionalProperties": self.istio_type(value, "")}
        elif swift_type.startswith("["):
            result = {"type": "array", "items": self.istio_type(swift_type[1:-1], "")}
        elif swift_type in ("String", "IstioDuration"):
            result = {"type": "string"}
        elif swift_type in ("Int", "UInt32", "Int32"):
            result = {"type": "integer"}
        elif swift_type == "Double":
            result = {"type": "number", "format": "double"}
        elif swift_type == "Bool":
            result = {"type": "boolean"}
        elif swift_type in SWIFT:
            result = self.istio(swift_type)
        else:
            result = {"type": "object", "x-kubernetes-preserve-unknown-fields": True}
        if doc:
            result["description"] = doc
        return result


def gvk(group, version, kind):
    return {"group": group, "kind": kind, "version": version}


def paths_for(prefix, group, version, kind, plural, namespaced):
    """The list and item paths with the operations kubectl reads: GVK (explain) and fieldValidation (apply)."""
    scope = "/namespaces/{namespace}" if namespaced else ""
    ext = {"x-kubernetes-group-version-kind": gvk(group, version, kind)}
    query = [{"name": n, "in": "query", "schema": {"type": "string"}, "uniqueItems": True}
             for n in ("dryRun", "fieldManager", "fieldValidation")]
    ops = {
        f"{prefix}{scope}/{plural}": {
            "get": {"operationId": f"list{kind}", "x-kubernetes-action": "list", **ext},
            "post": {"operationId": f"create{kind}", "x-kubernetes-action": "post", **ext, "parameters": query},
        },
        f"{prefix}{scope}/{plural}/{{name}}": {
            "get": {"operationId": f"read{kind}", "x-kubernetes-action": "get", **ext},
            "put": {"operationId": f"replace{kind}", "x-kubernetes-action": "put", **ext, "parameters": query},
            # Why: no requestBody here, so kubectl builds strategic merge patches from its compiled-in
            # types (apply/patcher.go gvkSupportsPatchOpenAPIV3) instead of these partial schemas.
            "patch": {"operationId": f"patch{kind}", "x-kubernetes-action": "patch", **ext,
                      "parameters": query + [{"name": "force", "in": "query", "schema": {"type": "boolean"},
                                              "uniqueItems": True}]},
            "delete": {"operationId": f"delete{kind}", "x-kubernetes-action": "delete", **ext},
        },
    }
    return ops


def closure(schemas, roots):
    """The schemas reachable from `roots` (each group-version document is self-contained)."""
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for ref in re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schemas[name])):
            stack.append(ref)
    return {name: schemas[name] for name in sorted(seen)}


def main():
    builder = Builder()
    documents = {}
    for kind, group, versions, plural, namespaced in KINDS:
        version = versions[0]
        name = builder.k8s(("CoreV1" if kind == "Event" else "V1") + kind, kind)
        schema = builder.schemas[name]
        schema["x-kubernetes-group-version-kind"] = [gvk(group, version, kind)]
        for field, text in (("apiVersion", "APIVersion defines the versioned schema of this representation of an "
                                           "object. Servers should convert recognized schemas to the latest "
                                           "internal value, and may reject unrecognized values. More info: "
                                           "https://git.k8s.io/community/contributors/devel/sig-architecture/"
                                           "api-conventions.md#resources"),
                            ("kind", "Kind is a string value representing the REST resource this object "
                                     "represents. Servers may infer this from the client submits requests to. "
                                     "Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/"
                                     "contributors/devel/sig-architecture/api-conventions.md#types-kinds")):
            schema["properties"][field] = {"description": text, "type": "string"}
        schema["properties"] = dict(sorted(schema["properties"].items()))
        path = "api/v1" if not group else f"apis/{group}/{version}"
        doc = documents.setdefault(path, {"roots": [], "paths": {}})
        doc["roots"].append(name)
        prefix = "/" + path
        doc["paths"].update(paths_for(prefix, group, version, kind, plural, namespaced))
    object_meta = builder.k8s("V1ObjectMeta", "ObjectMeta")
    for version in ISTIO_VERSIONS:
        path = f"apis/networking.istio.io/{version}"
        doc = documents.setdefault(path, {"roots": [], "paths": {}})
        for kind, plural in ISTIO:
            spec = builder.istio(kind + "Spec", ISTIO_TEXT[kind])
            name = f"io.istio.networking.{version}.{kind}"
            builder.schemas[name] = {
                "type": "object",
                "x-kubernetes-group-version-kind": [gvk("networking.istio.io", version, kind)],
                "properties": {
                    "apiVersion": {"type": "string", "description": "APIVersion defines the versioned schema of "
                                   "this representation of an object. Servers should convert recognized schemas "
                                   "to the latest internal value, and may reject unrecognized values."},
                    "kind": {"type": "string", "description": "Kind is a string value representing the REST "
                             "resource this object represents. Servers may infer this from the endpoint the "
                             "client submits requests to. Cannot be updated. In CamelCase."},
                    "metadata": {"allOf": [builder.ref(object_meta)],
                                 "description": FIELD_TEXT["metadata"]},
                    "spec": spec,
                    # Why: Istio's CRDs keep status open (`x-kubernetes-preserve-unknown-fields`).
                    "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                },
            }
            doc["roots"].append(name)
            doc["paths"].update(paths_for("/" + path, "networking.istio.io", version, kind, plural, True))
    out = {}
    for path, doc in sorted(documents.items()):
        out[path] = {
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": "v1.32.0"},
            "paths": doc["paths"],
            "components": {"schemas": closure(builder.schemas, doc["roots"])},
        }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as handle:
        json.dump(out, handle, sort_keys=True, separators=(",", ":"))
        handle.write("\n")
    print(f"wrote {OUT}: {len(out)} documents, {len(builder.schemas)} schemas, {os.path.getsize(OUT)} bytes",
          file=sys.stderr)


if __name__ == "__main__":
    main()
