package dev.osc.caa.vm;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the adaptor on one node needs to make pod VMs.
 *
 * @param node this node's name (the downward API's NODE_NAME)
 * @param clusterId the uid of the kube-system namespace: tags the VMs of this cluster
 * @param limit how many VMs the node may run: its advertised capacity ({@link NodeVmLimit})
 * @param defaultInstanceType PODVM_INSTANCE_TYPE, or null where sizes are free-form
 * @param userTags TAGS, added to every VM
 * @param podsDir where the per-sandbox agent sockets live ({@code /run/peerpod/pods})
 * @param initdata the default initdata document for pods without their own, or null
 */
public record PodVmSettings(
    String node,
    String clusterId,
    VmLimit limit,
    String defaultInstanceType,
    Map<String, String> userTags,
    Path podsDir,
    String initdata) {
  public PodVmSettings {
    userTags = Map.copyOf(userTags);
  }
}
