package dev.osc.caa.vm;

import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.Instance;
import dev.osc.caa.cloud.InstanceTags;
import dev.osc.caa.model.SandboxRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cloud agree with the ledger, on start-up and then periodically:
 *
 * <ul>
 *   <li>a PeerPod whose pod is gone: its VM is deleted and the record released;
 *   <li>a PeerPod of a live pod that this process does not know (it restarted): the VM is adopted,
 *       so StopVM finds it and the pod keeps running; if the VM never came to be (the crash came
 *       before the cloud made it, or after it was deleted), the record is released;
 *   <li>a VM with this cluster's and node's tags and no PeerPod: an orphan, deleted.
 * </ul>
 *
 * The cloud is listed before the ledger is read, so a VM being made right now (its intent is
 * recorded before the cloud call) is never taken for an orphan.
 */
public final class Janitor {
  private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

  private final PodVms vms;
  private final PeerPodLedger ledger;

  public Janitor(PodVms vms, PeerPodLedger ledger) {
    this.vms = vms;
    this.ledger = ledger;
  }

  /**
   * What one pass did.
   *
   * @param fromGoneNodes VMs deleted for pods of nodes that no longer exist
   */
  public record Pass(int deleted, int adopted, int orphans, int fromGoneNodes) {}

  public Pass run() throws CloudException {
    var settings = vms.settings();
    List<Instance> ours =
        vms.cloud()
            .list(
                Map.of(
                    InstanceTags.CLUSTER,
                    settings.clusterId(),
                    InstanceTags.NODE,
                    settings.node()));
    List<PeerPod> records = ledger.onNode(settings.node());
    Map<String, Sandbox> known = vms.sandboxes();
    int deleted = 0;
    int adopted = 0;
    for (PeerPod pp : records) {
      String sid = pp.getSpec().getSandboxID();
      if (!ledger.podAlive(pp)) {
        LOG.info("pod of {} is gone: deleting its VM", describe(pp));
        vms.stop(sid);
        deleted++;
      } else if (!known.containsKey(sid)) {
        List<Instance> found =
            ours.stream().filter(i -> sid.equals(i.tags().get(InstanceTags.SANDBOX))).toList();
        if (found.isEmpty()) {
          LOG.info(
              "{} has no VM (the adaptor stopped before it was made or after it was"
                  + " deleted): releasing it",
              describe(pp));
          // As StopVM would: the record goes, and with it the VM's key copy and the pod's
          // tunnel, which nothing else removes once the shim's StopVM is lost.
          vms.stop(sid);
        } else {
          adopt(pp, found.get(0));
          adopted++;
        }
      }
    }
    Set<String> recorded =
        records.stream().map(pp -> pp.getSpec().getSandboxID()).collect(Collectors.toSet());
    int orphans = 0;
    for (Instance i : ours) {
      if (!recorded.contains(i.tags().get(InstanceTags.SANDBOX))) {
        LOG.warn("VM {} ({}) belongs to no PeerPod: deleting the orphan", i.id(), i.name());
        vms.cloud().delete(i.id());
        vms.metrics().orphanDeleted();
        orphans++;
      }
    }
    return new Pass(deleted, adopted, orphans, fromGoneNodes(settings.node()));
  }

  /**
   * A node that is gone took its adaptor with it; its pods are deleted by the cluster, and their
   * VMs would run on, billed, held by their PeerPods' finalizers. Any adaptor of the same provider
   * deletes them (deleting twice is harmless).
   */
  private int fromGoneNodes(String node) throws CloudException {
    int deleted = 0;
    for (PeerPod pp : ledger.ofGoneNodes(node, vms.cloud().name())) {
      if (ledger.podAlive(pp)) {
        continue;
      }
      LOG.info(
          "{}: node {} and the pod are gone: deleting VM {}",
          describe(pp),
          pp.getSpec().getNodeName(),
          pp.getSpec().getInstanceName());
      if (pp.getSpec().getInstanceID() != null) {
        vms.cloud().delete(pp.getSpec().getInstanceID());
      }
      for (Instance i :
          vms.cloud().list(Map.of(InstanceTags.SANDBOX, pp.getSpec().getSandboxID()))) {
        vms.cloud().delete(i.id());
      }
      ledger.release(pp);
      deleted++;
    }
    return deleted;
  }

  private void adopt(PeerPod pp, Instance instance) {
    String pod = pp.getMetadata().getOwnerReferences().get(0).getName();
    var request =
        new SandboxRequest(
            pp.getSpec().getSandboxID(),
            pod,
            pp.getMetadata().getNamespace(),
            null,
            0,
            0,
            0,
            null,
            null);
    var sandbox =
        new Sandbox(request, pp.getSpec().getInstanceName(), null, null, null)
            .started(instance.id(), instance.ips().isEmpty() ? null : instance.ips().get(0));
    if (pp.getSpec().getInstanceID() == null) {
      ledger.complete(sandbox, instance.id());
    }
    vms.adopt(sandbox);
    vms.metrics().adopted();
    LOG.info("{}: adopted VM {} after a restart", describe(pp), instance.id());
  }

  private static String describe(PeerPod pp) {
    return "PeerPod " + pp.getMetadata().getNamespace() + "/" + pp.getMetadata().getName();
  }
}
