package dev.osc.testkit;

import static dev.osc.api.peerpods.PeerPodsKeys.CLOUD_PROVIDER;
import static dev.osc.api.peerpods.PeerPodsKeys.FORWARDER_CA_DIR;
import static dev.osc.api.peerpods.PeerPodsKeys.METRICS_PORT;
import static dev.osc.api.peerpods.PeerPodsKeys.NODE_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.PODS_DIR;
import static dev.osc.api.peerpods.PeerPodsKeys.REMOTE_HYPERVISOR_ENDPOINT;

import dev.osc.api.peerpods.Key;
import dev.osc.api.peerpods.Provider;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of an {@code osc caa} with the local provider, as its DaemonSet would set it,
 * with its socket, agent sockets and CA under one directory and no metrics port: for tests, benches
 * and the playground. Keys are the catalog's, so a renamed key cannot go stale here.
 */
public final class LocalAdaptorEnv {
  private final Map<String, String> env = new HashMap<>();

  private LocalAdaptorEnv(Path dir, String node) {
    env.put(CLOUD_PROVIDER.name(), Provider.LOCAL.value());
    env.put(NODE_NAME.name(), node);
    env.put(REMOTE_HYPERVISOR_ENDPOINT.name(), dir.resolve("hypervisor.sock").toString());
    env.put(PODS_DIR.name(), dir.resolve("pods").toString());
    env.put(FORWARDER_CA_DIR.name(), dir.resolve("ca").toString());
    env.put(METRICS_PORT.name(), "0");
  }

  /** The adaptor of {@code node}, everything it keeps under {@code dir}. */
  public static LocalAdaptorEnv in(Path dir, String node) {
    return new LocalAdaptorEnv(dir, node);
  }

  /** The key set to the value as a user would write it. */
  public LocalAdaptorEnv with(Key<?> key, String value) {
    env.put(key.name(), value);
    return this;
  }

  public Map<String, String> build() {
    return Map.copyOf(env);
  }
}
