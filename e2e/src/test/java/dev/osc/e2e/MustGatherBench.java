package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.cli.Osc;
import dev.osc.testkit.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * must-gather's cost on the test bed at a size (run by name: {@code mvn -o test -pl e2e -am
 * -Dtest=MustGatherBench -Dsurefire.failIfNoSpecifiedTests=false}, sizes {@code -Dnodes=500
 * -Dpods=100 -DlogLines=1000}): nodes, and running operator-namespace pods whose logs (current and
 * previous) come through the API server from {@link KubeletLogs}. Prints the time, files and bytes;
 * asserts only that everything was gathered.
 */
class MustGatherBench {
  @Test
  void gatherAtSize(@TempDir Path tmp) throws Exception {
    int nodes = Integer.getInteger("nodes", 500);
    int pods = Integer.getInteger("pods", 100);
    int lines = Integer.getInteger("logLines", 1000);
    String ns = Names.OPERATOR_NAMESPACE;
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      log.append("2026-12-06T06:00:00.000000Z osc caa: reconciled sandbox ").append(i).append('\n');
    }
    Map<String, String> logs = new HashMap<>();
    for (int p = 0; p < pods; p++) {
      String key = ns + "/bench-" + p + "/c";
      logs.put(key, log.toString());
      logs.put(key + "?previous", log.toString());
    }
    try (SimulatedCluster cluster =
            SimulatedCluster.start(RealApiExtension.startOrSkip(), 0, true, Duration.ofSeconds(1));
        KubeletLogs kubelet = new KubeletLogs(logs)) {
      KubernetesClient client = cluster.client();
      for (int n = 0; n < nodes; n++) {
        client
            .resource(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName("bench-node-" + n)
                    .withLabels(Map.of(Names.LABEL_ROLE_WORKER, ""))
                    .endMetadata()
                    .withNewStatus()
                    .withAddresses(new NodeAddress("127.0.0.1", "InternalIP"))
                    .withDaemonEndpoints(
                        new NodeDaemonEndpoints(new DaemonEndpoint(kubelet.port())))
                    .endStatus()
                    .build())
            .create();
      }
      for (int p = 0; p < pods; p++) {
        String name = "bench-" + p;
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("bench-node-" + (p % Math.max(1, nodes)))
                    .addNewContainer()
                    .withName("c")
                    .withImage("quay.io/osc-java/osc:0.1.0")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
        client
            .pods()
            .inNamespace(ns)
            .withName(name)
            .editStatus(
                pod -> {
                  pod.getStatus().setPhase("Running");
                  pod.getStatus()
                      .setContainerStatuses(
                          List.of(
                              new ContainerStatusBuilder()
                                  .withName("c")
                                  .withRestartCount(1)
                                  .withNewState()
                                  .withNewRunning()
                                  .endRunning()
                                  .endState()
                                  .withNewLastState()
                                  .withNewTerminated()
                                  .withExitCode(1)
                                  .endTerminated()
                                  .endLastState()
                                  .build()));
                  return pod;
                });
      }
      Path kubeconfig = Files.writeString(tmp.resolve("kubeconfig"), cluster.api().kubeconfig());
      Path dest = tmp.resolve("must-gather");
      Path tarball = tmp.resolve("must-gather.tar.gz");
      long t0 = System.nanoTime();
      int exit =
          Osc.commandLine()
              .execute(
                  "must-gather",
                  "--dest-dir",
                  dest.toString(),
                  "--tarball",
                  tarball.toString(),
                  "--kubeconfig",
                  kubeconfig.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(exit).isZero();
      long files;
      long bytes;
      try (Stream<Path> walk = Files.walk(dest)) {
        List<Path> all = walk.filter(Files::isRegularFile).toList();
        files = all.size();
        bytes = all.stream().mapToLong(f -> f.toFile().length()).sum();
      }
      assertThat(Files.readString(dest.resolve("not-collected.txt"))).isEmpty();
      System.out.printf(
          "must-gather bench: %d nodes, %d running pods with %d-line current and previous logs:"
              + " %d ms, %d files, %d bytes, tarball %d bytes, %d log requests%n",
          nodes, pods, lines, ms, files, bytes, Files.size(tarball), kubelet.queries().size());
    }
  }
}
