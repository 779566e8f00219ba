package dev.osc.testkit;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.KubeAPITestException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real kube-apiserver and etcd on loopback, from the binaries scripts/testbed.sh builds (fabric8
 * kube-api-test in offline mode: nothing is downloaded). It validates schemas, runs admission,
 * enforces the status subresource and finalizers like any cluster; it has no controllers, no
 * scheduler and no kubelet.
 */
public final class RealApi implements EmbeddedApi {
  /** How to get the binaries, for messages when they are missing. */
  public static final String HOW_TO_GET =
      "run scripts/testbed.sh to build kube-apiserver and"
          + " etcd from the Go module proxy (needs Go)";

  private final KubeAPIServer server;
  private final String kubeconfig;
  private final KubernetesClient client;

  private RealApi(Binaries binaries) {
    server = started(binaries);
    kubeconfig = server.getKubeConfigYaml();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
  }

  /**
   * A started server. Its ports are picked free before the processes bind them, so on a busy
   * machine another process can take one in between and the server stops at once ("did not start
   * properly", seen once in a full run): a second try picks new ports.
   */
  private static KubeAPIServer started(Binaries binaries) {
    for (int attempt = 1; ; attempt++) {
      KubeAPIServer server =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withOfflineMode(true)
                  .withTestDir(binaries.testDir().toString())
                  .withApiServerVersion(binaries.version())
                  .withUpdateKubeConfig(false)
                  .build());
      try {
        server.start();
        return server;
      } catch (KubeAPITestException e) {
        try {
          server.stop(); // etcd may be up
        } catch (RuntimeException stopping) {
          e.addSuppressed(stopping);
        }
        if (attempt == 2) {
          throw e;
        }
        System.err.println("RealApi: kube-apiserver did not start (" + e.getMessage() + "); again");
      }
    }
  }

  /** Starts one; empty when the test-bed binaries are not built. */
  public static Optional<RealApi> startIfAvailable() {
    return Binaries.find().map(RealApi::new);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public String url() {
    return client.getMasterUrl().toString().replaceAll("/$", "");
  }

  @Override
  public String kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }

  /**
   * Where the test-bed binaries are: $KUBE_API_TEST_DIR (default ~/.kubeapitest)/k8s/V-linux-amd64.
   */
  public record Binaries(Path testDir, String version) {
    public static Optional<Binaries> find() {
      String dir = System.getenv("KUBE_API_TEST_DIR");
      Path testDir =
          dir != null && !dir.isEmpty()
              ? Path.of(dir)
              : Path.of(System.getProperty("user.home"), ".kubeapitest");
      Path k8s = testDir.resolve("k8s");
      if (!Files.isDirectory(k8s)) {
        return Optional.empty();
      }
      try (Stream<Path> dirs = Files.list(k8s)) {
        return dirs.filter(d -> d.getFileName().toString().endsWith("-linux-amd64"))
            .filter(
                d ->
                    Stream.of("kube-apiserver", "etcd", "kubectl")
                        .allMatch(b -> Files.isExecutable(d.resolve(b))))
            .map(d -> d.getFileName().toString().replace("-linux-amd64", ""))
            .max(Comparator.comparing(Binaries::versionKey))
            .map(v -> new Binaries(testDir, v));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private static String versionKey(String v) {
      StringBuilder key = new StringBuilder();
      for (String part : v.split("\\.", -1)) {
        key.append(String.format("%08d", Integer.parseInt(part.replaceAll("\\D.*", "0"))));
      }
      return key.toString();
    }
  }
}
