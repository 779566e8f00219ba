package dev.osc.operator.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.osc.api.PeerPods;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.initdata.InitdataAnnotation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The kata-remote configuration the MachineConfig writes: upstream's template's keys, every
 * hypervisor annotation the guides and our webhook use enabled, the adaptor's socket.
 */
class ConfigurationRemoteTest {
  private static final String TEMPLATE =
      "kata-containers/src/runtime/config/configuration-remote.toml.in";

  /** io.katacontainers.config.hypervisor.* that a peer pod may carry (webhook and guides). */
  private static final List<String> USED =
      List.of(
          suffix(PeerPods.ANNOTATION_DEFAULT_VCPUS), // our webhook, from requests and limits
          suffix(PeerPods.ANNOTATION_DEFAULT_MEMORY),
          suffix(PeerPods.ANNOTATION_DEFAULT_GPUS), // our webhook, from nvidia.com/gpu
          "machine_type", // AWS 3.8: choosing an instance type
          "image", // AWS 3.7, IBM Z 6.2.8: a custom pod VM image
          suffix(InitdataAnnotation.NAME)); // initdata (osc initdata, INITDATA)

  @Test
  void hasUpstreamTemplatesKeys() throws IOException {
    Path template = upstream().resolve(TEMPLATE);
    Assumptions.assumeTrue(
        Files.isRegularFile(template),
        "upstream's configuration-remote.toml.in not found (../shared/upstream or UPSTREAM_SRC):"
            + " key comparison skipped");
    Map<String, Object> theirs = flat(substituted(Files.readString(template)));
    Map<String, Object> ours = flat(MachineConfigModel.CONFIGURATION_REMOTE);

    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(theirs.keySet());
    assertThat(ours.get("hypervisor.remote.enable_annotations"))
        .isEqualTo(theirs.get("hypervisor.remote.enable_annotations"));
  }

  @Test
  void enablesEveryHypervisorAnnotationPeerPodsUse() throws IOException {
    Map<String, Object> ours = flat(MachineConfigModel.CONFIGURATION_REMOTE);
    assertThat(ours.get("hypervisor.remote.enable_annotations")).asList().containsAll(USED);
    assertThat(ours.get("hypervisor.remote.remote_hypervisor_socket"))
        .isEqualTo(PeerPodsKeys.REMOTE_HYPERVISOR_ENDPOINT.defaultFor(Provider.AWS).orElseThrow());
  }

  @Test
  void theMachineConfigWritesItWhereTheCrioHandlerPointsKata() {
    List<MachineConfig> mcs = MachineConfigModel.kataRemote();
    String crio = contents(mcs.get(0), "/etc/crio/crio.conf.d/50-kata-remote");
    assertThat(crio)
        .contains("runtime_config_path = \"" + MachineConfigModel.CONFIGURATION_REMOTE_PATH + "\"");
    assertThat(contents(mcs.get(1), MachineConfigModel.CONFIGURATION_REMOTE_PATH))
        .isEqualTo(MachineConfigModel.CONFIGURATION_REMOTE);
  }

  private static String suffix(String annotation) {
    return annotation.substring("io.katacontainers.config.hypervisor.".length());
  }

  @SuppressWarnings("unchecked")
  private static String contents(MachineConfig mc, String path) {
    Map<String, Object> storage = (Map<String, Object>) mc.getSpec().config.get("storage");
    Map<String, Object> file = ((List<Map<String, Object>>) storage.get("files")).get(0);
    assertThat(file).containsEntry("path", path);
    String source = (String) ((Map<String, Object>) file.get("contents")).get("source");
    return new String(
        Base64.getDecoder().decode(source.substring(source.indexOf(',') + 1)),
        StandardCharsets.UTF_8);
  }

  /**
   * The template with its build-time placeholders filled: {@code @PROJECT_TYPE@} is kata, one in
   * quotes stays a string, any other becomes 0 (only the keys are compared).
   */
  static String substituted(String template) {
    return template
        .replace("@PROJECT_TYPE@", "kata")
        .replaceAll("(?m)^(\\s*[a-z_]+\\s*=\\s*)@[A-Z_]+@\\s*$", "$10");
  }

  /** Every leaf as dotted path to value. */
  static Map<String, Object> flat(String toml) throws IOException {
    Map<String, Object> out = new TreeMap<>();
    flatten("", new TomlMapper().readValue(toml, Map.class), out);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> table, Map<String, Object> out) {
    table.forEach(
        (k, v) -> {
          if (v instanceof Map<?, ?> sub) {
            flatten(prefix + k + ".", sub, out);
          } else {
            out.put(prefix + k, v);
          }
        });
  }

  private static Path upstream() {
    String given = System.getenv("UPSTREAM_SRC");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Optional<Path> found = Optional.empty();
    for (Path d = Path.of("").toAbsolutePath(); d != null && found.isEmpty(); d = d.getParent()) {
      Path candidate = d.resolve("../shared/upstream").normalize();
      if (Files.isDirectory(candidate)) {
        found = Optional.of(candidate);
      }
    }
    return found.orElse(Path.of("../shared/upstream"));
  }
}
