package dev.osc.cli;

import dev.osc.api.Names;
import dev.osc.cli.mustgather.Gaps;
import dev.osc.cli.mustgather.GatherTree;
import dev.osc.cli.mustgather.MustGather;
import dev.osc.cli.mustgather.Since;
import dev.osc.cli.mustgather.Tarball;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "must-gather",
    mixinStandardHelpOptions = true,
    description = {
      "Collects support data (docs chapter 7) into a directory: KataConfigs and their events,"
          + " PeerPodConfigs, PeerPods, peer-pods-cm, the key names of peer-pods-secret (never"
          + " a Secret's values), the pod VM image ConfigMaps, the operator namespace's"
          + " workloads, events and pods with their logs (previous containers too), nodes,"
          + " MachineConfigPools, our MachineConfigs, the ContainerRuntimeConfig,"
          + " RuntimeClasses, webhook configurations, our CRDs, the kata workloads' names and"
          + " the MachineConfig operator's pods and logs, and the namespace's OLM objects.",
      "",
      "What RBAC refuses is listed in not-collected.txt (and on stderr), APIs the cluster"
          + " does not serve in not-served.txt, missing objects in absent.txt; the rest is"
          + " collected anyway. The image's /usr/bin/gather runs this command.",
      "",
      "Exit codes: 0 gathered (see not-collected.txt for gaps), 1 the directory or tarball"
          + " could not be written or the API server does not answer, 2 bad option.",
      ""
    })
final class MustGatherCommand implements Callable<Integer> {
  @Option(
      names = "--dest-dir",
      paramLabel = "DIR",
      defaultValue = "/must-gather",
      description = "Where to write; new or empty (default: ${DEFAULT-VALUE}).")
  Path destDir;

  @Option(
      names = "--tarball",
      paramLabel = "FILE",
      description = "Also write the tree as a gzip-compressed tar to FILE.")
  Path tarball;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      description = "Only logs newer than this, e.g. 30m or 1h30m (default: all).")
  String since;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = Names.OPERATOR_NAMESPACE,
      description = "The operator's namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or the pod's service"
              + " account).")
  Path kubeconfig;

  @Override
  public Integer call() {
    try {
      return gather();
    } catch (IOException | UncheckedIOException e) {
      System.err.println("must-gather: could not write: " + e.getMessage());
      return 1;
    } catch (MustGather.Unreachable e) {
      System.err.println("must-gather: " + e.getMessage());
      return 1;
    }
  }

  private int gather() throws IOException {
    PrintStream out = System.out;
    Optional<Duration> window;
    try {
      window = since == null ? Optional.empty() : Optional.of(Since.parse(since));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (Files.exists(destDir) && !isEmptyDirectory(destDir)) {
      System.err.println(
          "--dest-dir " + destDir + ": not an empty directory (must-gather writes into a new one)");
      return 2;
    }
    Files.createDirectories(destDir);
    Instant start = Instant.now();
    try (KubernetesClient client = client()) {
      GatherTree tree =
          new GatherTree(destDir.toAbsolutePath(), client.getKubernetesSerialization());
      Gaps gaps = new Gaps(System.err);
      new MustGather(client, tree, gaps, out, namespace, window).run();
      if (tarball != null) {
        Tarball.write(destDir.toAbsolutePath(), tarball);
        out.println("must-gather: tarball " + tarball);
      }
      out.printf(
          "must-gather: done in %d ms into %s; not collected: %d (see not-collected.txt)%n",
          Duration.between(start, Instant.now()).toMillis(), destDir, gaps.errors());
      return 0;
    }
  }

  private KubernetesClient client() throws IOException {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    String yaml = Files.readString(kubeconfig, StandardCharsets.UTF_8);
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(yaml)).build();
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
