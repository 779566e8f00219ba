package dev.osc.api.peerpods;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated peer-pods configuration: ConfigMap {@code peer-pods-cm} and Secret {@code
 * peer-pods-secret} in the operator namespace. Holds no secret value, so it can be logged.
 *
 * @param provider the {@code CLOUD_PROVIDER}
 * @param limitPerNode {@code PEERPODS_LIMIT_PER_NODE}: the node's {@code kata.peerpods.io/vm}
 *     capacity
 * @param env the ConfigMap as the adaptor takes it: every key it reads with its effective value
 *     (defaults included: the adaptor applies the same ones), unknown keys as written, in key
 *     order; the secret is referenced by the DaemonSet, never copied here
 * @param contentHash SHA-256 (hex) over {@code env} and the secret data; roll the DaemonSet when it
 *     changes
 */
public record PeerPodsConfig(
    Provider provider, int limitPerNode, Map<String, String> env, String contentHash) {

  public PeerPodsConfig {
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }

  /**
   * Checks the two objects' data (the secret's values decoded, as in {@code stringData}); either
   * map may be null when the object has no data. All problems are reported at once.
   */
  public static ParseResult parse(
      Map<String, String> configMapData, Map<String, String> secretData) {
    return new ConfigCheck(configMapData, secretData).run();
  }
}
