package dev.osc.operator;

import dev.osc.api.Names;
import java.util.Map;

/**
 * Operator configuration, from the environment of the operator Deployment (or CLI flags).
 *
 * @param namespace where the operator and its installer DaemonSets live
 * @param kataDeployImage the kata-deploy image for the plain-Kubernetes strategy
 * @param extension the RHCOS extension the MachineConfig enables
 * @param strategy "MachineConfig", "DaemonSet", or null to choose by what the cluster offers
 * @param oscImage the image of the osc command, run by what the operator deploys: the
 *     cloud-api-adaptor DaemonSet, the webhook and the pod VM image Jobs. deploy/ sets OSC_IMAGE to
 *     the operator's own image; unset, it is the image deploy/ names (checked equal by a test).
 * @param kataMonitorImage the kata-monitor image, run on the kata nodes by the monitor DaemonSet
 */
public record OperatorSettings(
    String namespace,
    String kataDeployImage,
    String extension,
    String strategy,
    String oscImage,
    String kataMonitorImage) {

  public static final String ENV_NAMESPACE = "OPERATOR_NAMESPACE";
  public static final String ENV_KATA_DEPLOY_IMAGE = "KATA_DEPLOY_IMAGE";
  public static final String ENV_EXTENSION = "SANDBOXED_CONTAINERS_EXTENSION";
  public static final String ENV_STRATEGY = "OSC_INSTALL_STRATEGY";
  public static final String ENV_OSC_IMAGE = "OSC_IMAGE";
  public static final String DEFAULT_OSC_IMAGE = "quay.io/osc-java/osc:0.1.0";
  public static final String ENV_KATA_MONITOR_IMAGE = "KATA_MONITOR_IMAGE";
  public static final String DEFAULT_KATA_MONITOR_IMAGE =
      "quay.io/kata-containers/kata-monitor:3.13.0";

  public static OperatorSettings defaults() {
    return fromEnv(Map.of());
  }

  /** A blank value is unset, as for the peer-pods keys: an empty env entry means the default. */
  public static OperatorSettings fromEnv(Map<String, String> env) {
    String strategy = set(env, ENV_STRATEGY, null);
    if (strategy != null && !strategy.equals("MachineConfig") && !strategy.equals("DaemonSet")) {
      throw new IllegalArgumentException(
          ENV_STRATEGY
              + "="
              + strategy
              + ": must be MachineConfig or DaemonSet (or unset to detect)");
    }
    return new OperatorSettings(
        set(env, ENV_NAMESPACE, Names.OPERATOR_NAMESPACE),
        set(env, ENV_KATA_DEPLOY_IMAGE, Names.DEFAULT_KATA_DEPLOY_IMAGE),
        set(env, ENV_EXTENSION, Names.DEFAULT_EXTENSION),
        strategy,
        set(env, ENV_OSC_IMAGE, DEFAULT_OSC_IMAGE),
        set(env, ENV_KATA_MONITOR_IMAGE, DEFAULT_KATA_MONITOR_IMAGE));
  }

  private static String set(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public OperatorSettings withStrategy(String s) {
    return new OperatorSettings(
        namespace, kataDeployImage, extension, s, oscImage, kataMonitorImage);
  }
}
