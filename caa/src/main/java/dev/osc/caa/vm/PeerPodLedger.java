package dev.osc.caa.vm;

import dev.osc.api.PeerPods;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.api.v1alpha1.PeerPodSpec;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Optional;

/**
 * The record of every pod VM, as PeerPod resources in the pods' namespaces: the one place a VM is
 * remembered across crashes. A PeerPod is written (with a finalizer and the Pod as owner) before
 * the cloud is asked for the VM, completed with the instance id after, and released only once the
 * VM is deleted. Named after the VM, so writing the intent twice is harmless.
 */
public final class PeerPodLedger {
  /** Which node's adaptor keeps the record: lets each adaptor list and watch only its own. */
  public static final String NODE_LABEL = "osc.peerpods/node";

  private final KubernetesClient client;
  private final PodLookup pods;

  /** Reads pods with GETs. */
  public PeerPodLedger(KubernetesClient client) {
    this(client, PodLookup.direct(client));
  }

  public PeerPodLedger(KubernetesClient client, PodLookup pods) {
    this.client = client;
    this.pods = pods;
  }

  /** Records that a VM is about to be made for this sandbox; fails when the pod is gone. */
  public PeerPod intend(Sandbox sandbox, String cloudProvider, String node) {
    var req = sandbox.request();
    Pod pod = pods.pod(req.podNamespace(), req.podName());
    if (pod == null) {
      throw new IllegalStateException(
          "pod " + req.podNamespace() + "/" + req.podName() + " does not exist");
    }
    PeerPod pp = new PeerPod();
    pp.getMetadata().setName(sandbox.instanceName());
    pp.getMetadata().setNamespace(req.podNamespace());
    pp.getMetadata().setLabels(java.util.Map.of(NODE_LABEL, node));
    pp.getMetadata().setFinalizers(List.of(PeerPods.PEERPOD_FINALIZER));
    pp.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("v1")
                    .withKind("Pod")
                    .withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build()));
    pp.setSpec(new PeerPodSpec(cloudProvider, null, sandbox.instanceName(), req.sandboxId(), node));
    try {
      return client.resource(pp).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return client.resource(pp).get();
    }
  }

  /** Adds the instance id once the cloud has made the VM. */
  public void complete(Sandbox sandbox, String instanceId) {
    String patch = "{\"spec\":{\"instanceID\":\"" + instanceId + "\"}}";
    mergePatch(sandbox.request().podNamespace(), sandbox.instanceName(), patch);
  }

  /**
   * A JSON merge patch of the record by name. Given an object, fabric8 takes the URL from it; by
   * name alone it would GET the record first (a read per patch, 2 per VM).
   */
  private void mergePatch(String namespace, String name, String patch) {
    PeerPod target = new PeerPod();
    target.getMetadata().setNamespace(namespace);
    target.getMetadata().setName(name);
    client.resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /** The VM is deleted: lets the record go (finalizer off, then the object). */
  public void release(PeerPod pp) {
    release(pp.getMetadata().getNamespace(), pp.getMetadata().getName());
  }

  /** {@link #release(PeerPod)} by name; a record already gone is fine. */
  public void release(String namespace, String name) {
    try {
      mergePatch(namespace, name, "{\"metadata\":{\"finalizers\":null}}");
      client.resources(PeerPod.class).inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  public Optional<PeerPod> find(String namespace, String instanceName) {
    return Optional.ofNullable(
        client.resources(PeerPod.class).inNamespace(namespace).withName(instanceName).get());
  }

  /** Every record of the given node's adaptor. */
  public List<PeerPod> onNode(String node) {
    return client
        .resources(PeerPod.class)
        .inAnyNamespace()
        .withLabel(NODE_LABEL, node)
        .list()
        .getItems()
        .stream()
        .filter(pp -> pp.getSpec() != null && node.equals(pp.getSpec().getNodeName()))
        .toList();
  }

  /**
   * Records of other nodes' adaptors for this provider whose node no longer exists: nobody else
   * will delete their VMs.
   */
  public List<PeerPod> ofGoneNodes(String node, String cloudProvider) {
    java.util.Map<String, Boolean> exists = new java.util.HashMap<>();
    return client.resources(PeerPod.class).inAnyNamespace().list().getItems().stream()
        .filter(
            pp ->
                pp.getSpec() != null
                    && pp.getSpec().getNodeName() != null
                    && !node.equals(pp.getSpec().getNodeName())
                    && cloudProvider.equals(pp.getSpec().getCloudProvider()))
        .filter(
            pp ->
                !exists.computeIfAbsent(
                    pp.getSpec().getNodeName(), n -> client.nodes().withName(n).get() != null))
        .toList();
  }

  /** Whether the PeerPod's pod (same name and uid) still exists and is not being deleted. */
  public boolean podAlive(PeerPod pp) {
    if (pp.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    var owner =
        pp.getMetadata().getOwnerReferences().stream()
            .filter(o -> "Pod".equals(o.getKind()))
            .findFirst();
    if (owner.isEmpty()) {
      return false;
    }
    return pods.alive(pp.getMetadata().getNamespace(), owner.get().getName(), owner.get().getUid());
  }
}
