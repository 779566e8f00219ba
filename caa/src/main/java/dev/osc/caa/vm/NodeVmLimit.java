package dev.osc.caa.vm;

import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.math.BigDecimal;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's advertised capacity {@code kata.peerpods.io/vm}: the one peer pod limit. The operator
 * sets it from the PeerPodConfig's {@code spec.limit} (docs 3.3.1: {@code oc patch peerpodconfig
 * ... spec.limit}), and the scheduler admits peer pods against it; the adaptor enforcing the same
 * number means a pod the scheduler placed is never refused for a limit, and a patched limit applies
 * within seconds, without restarting the adaptor. PEERPODS_LIMIT_PER_NODE is only the
 * PeerPodConfig's first limit; the adaptor uses it while its node advertises no capacity (an
 * adaptor run without the operator, or before the operator got to its node), as the fallback.
 */
public final class NodeVmLimit implements VmLimit, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeVmLimit.class);

  private final String node;
  private final int fallback;
  private final SharedIndexInformer<Node> informer;
  private volatile OptionalInt advertised = OptionalInt.empty();

  private NodeVmLimit(String node, int fallback, SharedIndexInformer<Node> informer) {
    this.node = node;
    this.fallback = fallback;
    this.informer = informer;
  }

  /**
   * Watches {@code node}; where its capacity cannot be read (the Node is not served to this
   * adaptor), says so once and stays on {@code fallback}.
   */
  public static NodeVmLimit watch(KubernetesClient client, String node, int fallback) {
    SharedIndexInformer<Node> informer = client.nodes().withName(node).runnableInformer(0);
    NodeVmLimit limit = new NodeVmLimit(node, fallback, informer);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Node n) {
            limit.seen(n);
          }

          @Override
          public void onUpdate(Node before, Node n) {
            limit.seen(n);
          }

          @Override
          public void onDelete(Node n, boolean finalStateUnknown) {
            limit.seen(null);
          }
        });
    try {
      informer.run();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "cannot watch node {} ({}): enforcing {} instead of its {} capacity",
          node,
          e.getMessage(),
          VmLimit.fixed(fallback).describe(),
          PeerPods.VM_RESOURCE);
    }
    return limit;
  }

  /** The capacity a node advertises, if it does and it is a whole number of VMs. Pure. */
  public static OptionalInt advertisedBy(Node n) {
    Quantity q =
        n == null || n.getStatus() == null || n.getStatus().getCapacity() == null
            ? null
            : n.getStatus().getCapacity().get(PeerPods.VM_RESOURCE);
    if (q == null) {
      return OptionalInt.empty();
    }
    try {
      BigDecimal amount = q.getNumericalAmount();
      return amount.signum() < 0 || amount.stripTrailingZeros().scale() > 0
          ? OptionalInt.empty()
          : OptionalInt.of(amount.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValueExact());
    } catch (ArithmeticException | IllegalArgumentException notANumber) {
      return OptionalInt.empty();
    }
  }

  private void seen(Node n) {
    OptionalInt now = advertisedBy(n);
    if (!now.equals(advertised)) {
      advertised = now;
      LOG.info("peer pod VM limit of node {}: {}", node, describe());
    }
  }

  @Override
  public int current() {
    return advertised.orElse(fallback);
  }

  @Override
  public String describe() {
    OptionalInt now = advertised;
    return now.isPresent()
        ? "node " + node + " capacity " + PeerPods.VM_RESOURCE + " = " + now.getAsInt()
        : VmLimit.fixed(fallback).describe()
            + " (node "
            + node
            + " advertises no "
            + PeerPods.VM_RESOURCE
            + ")";
  }

  @Override
  public void close() {
    informer.close();
  }
}
