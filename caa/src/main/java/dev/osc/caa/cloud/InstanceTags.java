package dev.osc.caa.cloud;

/**
 * Tags every pod VM carries so that it can be traced to the cluster, node and sandbox that made it,
 * whatever crashed in between. The sweeper deletes instances with this cluster's and node's tags
 * that no PeerPod resource accounts for.
 */
public final class InstanceTags {
  private InstanceTags() {}

  /** The uid of the cluster's kube-system namespace: stable for the cluster's life. */
  public static final String CLUSTER = "osc.peerpods/cluster";

  /** The node whose adaptor made the VM. */
  public static final String NODE = "osc.peerpods/node";

  /** The Kata sandbox id. */
  public static final String SANDBOX = "osc.peerpods/sandbox";

  /** {@code <namespace>/<pod name>}. */
  public static final String POD = "osc.peerpods/pod";

  /** AWS shows it as the instance's name. */
  public static final String NAME = "Name";
}
