package dev.osc.api.v1alpha1;

import dev.osc.api.PeerPods;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One peer pod's VM, kept by the cloud-api-adaptor in the pod's namespace: written before the cloud
 * is asked for the VM (intent, no instance id yet) and completed with the instance id after. Owned
 * by the Pod and held by a finalizer until the VM is deleted, so a VM is never forgotten, whatever
 * crashes: a deleted pod, a restarted adaptor or a lost node all end with the VM deleted.
 */
@Group(PeerPods.GROUP)
@Version("v1alpha1")
@Plural("peerpods")
@Singular("peerpod")
@AdditionalPrinterColumn(
    name = "Provider",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.cloudProvider")
@AdditionalPrinterColumn(
    name = "Instance",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.instanceID")
@AdditionalPrinterColumn(
    name = "Node",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.nodeName")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class PeerPod extends CustomResource<PeerPodSpec, PeerPodStatus> implements Namespaced {}
