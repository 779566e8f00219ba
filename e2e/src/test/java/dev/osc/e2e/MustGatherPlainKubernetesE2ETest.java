package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.cli.mustgather.Gaps;
import dev.osc.cli.mustgather.GatherTree;
import dev.osc.cli.mustgather.MustGather;
import dev.osc.testkit.SimulatedCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On plain Kubernetes (no MachineConfig API) the MachineConfig objects are noted as not served,
 * which is not an error: nothing lands in not-collected.txt or on stderr.
 */
class MustGatherPlainKubernetesE2ETest {
  @Test
  void machineConfigApiIsNotServedNotAnError(@TempDir Path tmp) throws Exception {
    try (SimulatedCluster cluster =
        SimulatedCluster.start(RealApiExtension.startOrSkip(), 1, false, Duration.ofMillis(300))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Path dest = tmp.resolve("must-gather");
      new MustGather(
              cluster.client(),
              new GatherTree(dest, cluster.client().getKubernetesSerialization()),
              new Gaps(new PrintStream(err, true, StandardCharsets.UTF_8)),
              System.out,
              Names.OPERATOR_NAMESPACE,
              Optional.empty())
          .run();
      String notServed = Files.readString(dest.resolve("not-served.txt"));
      System.out.print("--- not-served.txt\n" + notServed);
      assertThat(notServed)
          .contains(
              "MachineConfigPool " + Names.POOL_KATA_OC,
              "MachineConfigs labelled " + Names.LABEL_MANAGED_BY,
              "ContainerRuntimeConfig " + Names.CONTAINER_RUNTIME_CONFIG,
              "machineconfiguration.openshift.io/v1");
      assertThat(Files.readString(dest.resolve("not-collected.txt"))).isEmpty();
      assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(dest.resolve("cluster-scoped-resources/core/nodes/worker-0.yaml")).isRegularFile();
    }
  }
}
