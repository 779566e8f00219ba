package dev.osc.webhook;

import static dev.osc.api.PeerPods.ANNOTATION_DEFAULT_GPUS;
import static dev.osc.api.PeerPods.ANNOTATION_DEFAULT_MEMORY;
import static dev.osc.api.PeerPods.ANNOTATION_DEFAULT_VCPUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osc.api.PeerPods;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodMutatorTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final String VM = PeerPods.DEFAULT_POD_VM_EXTENDED_RESOURCE;
  private static final PodMutator MUTATOR = PodMutator.fromEnv(Map.of());

  // --- compact pods -------------------------------------------------------------------------

  /** Alternating resource names and quantities. */
  private static Map<String, Quantity> q(String... pairs) {
    Map<String, Quantity> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], new Quantity(pairs[i + 1]));
    }
    return m;
  }

  private static Container container(
      String name, Map<String, Quantity> requests, Map<String, Quantity> limits) {
    return new ContainerBuilder()
        .withName(name)
        .withImage("busybox")
        .withNewResources()
        .withRequests(requests)
        .withLimits(limits)
        .endResources()
        .build();
  }

  private static Container limits(String name, String... pairs) {
    return container(name, Map.of(), q(pairs));
  }

  private static Container requests(String name, String... pairs) {
    return container(name, q(pairs), Map.of());
  }

  private static Container bare(String name) {
    return new ContainerBuilder().withName(name).withImage("busybox").build();
  }

  private static Container sidecar(Container c) {
    return new ContainerBuilder(c).withRestartPolicy("Always").build();
  }

  private static Pod pod(String runtimeClass, List<Container> inits, Container... containers) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .withRuntimeClassName(runtimeClass)
        .withInitContainers(inits)
        .withContainers(containers)
        .endSpec()
        .build();
  }

  private static Pod peerPod(Container... containers) {
    return pod(PeerPods.DEFAULT_TARGET_RUNTIMECLASS, List.of(), containers);
  }

  private static Pod annotated(Pod p, String... pairs) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      a.put(pairs[i], pairs[i + 1]);
    }
    return new PodBuilder(p).editMetadata().withAnnotations(a).endMetadata().build();
  }

  /** The pod as the API server stores it after applying our patch (strict RFC 6902). */
  private static Pod applied(Pod p, List<PatchOp> ops) {
    JsonNode patch = JSON.convertValue(ops, JsonNode.class);
    return JSON.convertValue(
        JsonPatch.apply(patch, JSON.convertValue(p, JsonNode.class)), Pod.class);
  }

  private static Map<String, String> size(String vcpus, String memory) {
    Map<String, String> m = new LinkedHashMap<>();
    if (vcpus != null) {
      m.put(ANNOTATION_DEFAULT_VCPUS, vcpus);
    }
    if (memory != null) {
      m.put(ANNOTATION_DEFAULT_MEMORY, memory);
    }
    return m;
  }

  // --- the rules, row by row ----------------------------------------------------------------

  static Stream<Arguments> peerPods() {
    return Stream.of(
        Arguments.of(
            "one container, limits 2 CPU / 4Gi",
            peerPod(limits("app", "cpu", "2", "memory", "4Gi")),
            size("2", "4096")),
        Arguments.of(
            "requests only",
            peerPod(requests("app", "cpu", "1", "memory", "512Mi")),
            size("1", "512")),
        Arguments.of(
            "limits preferred over requests",
            peerPod(
                container("app", q("cpu", "1", "memory", "1Gi"), q("cpu", "3", "memory", "2Gi"))),
            size("3", "2048")),
        Arguments.of(
            "500m rounds up to 1 vCPU", peerPod(limits("app", "cpu", "500m")), size("1", null)),
        Arguments.of(
            "1.5Gi + 512Mi",
            peerPod(limits("a", "memory", "1.5Gi"), limits("b", "memory", "512Mi")),
            size(null, "2048")),
        Arguments.of(
            "sum over containers: 1 + 500m -> 2",
            peerPod(limits("a", "cpu", "1"), requests("b", "cpu", "500m")),
            size("2", null)),
        Arguments.of(
            "500m + 500m -> 1: the total is rounded, not each container",
            peerPod(limits("a", "cpu", "500m"), limits("b", "cpu", "500m")),
            size("1", null)),
        Arguments.of(
            "memory rounded up to MiB: 100M -> 96",
            peerPod(limits("a", "memory", "100M")),
            size(null, "96")),
        Arguments.of(
            "limit of one container, request of the other",
            peerPod(limits("a", "memory", "1Gi"), requests("b", "memory", "1Gi")),
            size(null, "2048")),
        Arguments.of(
            "init container bigger than the sum",
            pod(
                PeerPods.DEFAULT_TARGET_RUNTIMECLASS,
                List.of(limits("init", "cpu", "4", "memory", "8Gi")),
                limits("a", "cpu", "1", "memory", "1Gi"),
                limits("b", "cpu", "1", "memory", "1Gi")),
            size("4", "8192")),
        Arguments.of(
            "init containers counted by max, not summed",
            pod(
                PeerPods.DEFAULT_TARGET_RUNTIMECLASS,
                List.of(limits("i1", "cpu", "2"), limits("i2", "cpu", "3")),
                limits("a", "cpu", "1")),
            size("3", null)),
        Arguments.of(
            "init container smaller than the sum",
            pod(
                PeerPods.DEFAULT_TARGET_RUNTIMECLASS,
                List.of(limits("init", "memory", "1Gi")),
                limits("a", "memory", "1Gi"),
                limits("b", "memory", "1Gi")),
            size(null, "2048")),
        Arguments.of(
            "sidecar init container runs with the app containers",
            pod(
                PeerPods.DEFAULT_TARGET_RUNTIMECLASS,
                List.of(sidecar(limits("proxy", "cpu", "1")), limits("init", "cpu", "2")),
                limits("a", "cpu", "2")),
            size("3", null)),
        Arguments.of(
            "init container after a sidecar runs next to it",
            pod(
                PeerPods.DEFAULT_TARGET_RUNTIMECLASS,
                List.of(sidecar(limits("proxy", "cpu", "1")), limits("init", "cpu", "4")),
                limits("a", "cpu", "1")),
            size("5", null)),
        Arguments.of(
            "GPUs",
            peerPod(limits("a", "cpu", "1", PeerPods.RESOURCE_GPU, "2")),
            Map.of(ANNOTATION_DEFAULT_VCPUS, "1", ANNOTATION_DEFAULT_GPUS, "2")),
        Arguments.of(
            "user-set annotations kept",
            annotated(
                peerPod(limits("a", "cpu", "2", "memory", "4Gi")),
                ANNOTATION_DEFAULT_VCPUS,
                "8",
                "team",
                "blue"),
            Map.of(
                ANNOTATION_DEFAULT_VCPUS, "8", ANNOTATION_DEFAULT_MEMORY, "4096", "team", "blue")),
        Arguments.of(
            "other annotations kept",
            annotated(peerPod(limits("a", "cpu", "2")), "a/b", "c"),
            Map.of(ANNOTATION_DEFAULT_VCPUS, "2", "a/b", "c")),
        Arguments.of("no resources: no size, only the VM", peerPod(bare("a"), bare("b")), Map.of()),
        Arguments.of("empty resources", peerPod(container("a", Map.of(), Map.of())), Map.of()),
        Arguments.of(
            "already mutated",
            annotated(
                peerPod(container("a", q(VM, "1"), q(VM, "1")), bare("b")),
                ANNOTATION_DEFAULT_VCPUS,
                "2"),
            Map.of(ANNOTATION_DEFAULT_VCPUS, "2")),
        Arguments.of(
            "a VM count other than 1 is corrected", peerPod(limits("a", VM, "3")), Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peerPods")
  void peerPodIsSizedAndTakesOneVm(String name, Pod pod, Map<String, String> annotations) {
    Pod after = applied(pod, MUTATOR.mutate("CREATE", pod));

    assertThat(after.getMetadata().getAnnotations()).isEqualTo(annotations);
    List<Container> all = new ArrayList<>(after.getSpec().getInitContainers());
    all.addAll(after.getSpec().getContainers().subList(1, after.getSpec().getContainers().size()));
    assertThat(all)
        .allSatisfy(
            c -> {
              if (c.getResources() != null) {
                assertThat(c.getResources().getRequests()).as(c.getName()).isEmpty();
                assertThat(c.getResources().getLimits()).as(c.getName()).isEmpty();
              }
            });
    Container first = after.getSpec().getContainers().get(0);
    assertThat(first.getResources().getRequests()).isEqualTo(q(VM, "1"));
    assertThat(first.getResources().getLimits()).isEqualTo(q(VM, "1"));
    assertThat(MUTATOR.mutate("CREATE", after)).as("mutating again changes nothing").isEmpty();
  }

  static Stream<Arguments> untouched() {
    Container big = limits("a", "cpu", "2", "memory", "4Gi");
    return Stream.of(
        Arguments.of("other runtime class", "CREATE", pod("kata", List.of(), big)),
        Arguments.of("no runtime class", "CREATE", pod(null, List.of(), big)),
        Arguments.of(
            "no spec",
            "CREATE",
            new PodBuilder().withNewMetadata().withName("p").endMetadata().build()),
        Arguments.of(
            "UPDATE: a pod's resources cannot change after creation", "UPDATE", peerPod(big)),
        Arguments.of(
            "already mutated, nothing asked",
            "CREATE",
            peerPod(container("a", q(VM, "1"), q(VM, "1")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untouched")
  void noPatch(String name, String operation, Pod pod) {
    assertThat(MUTATOR.mutate(operation, pod)).isEmpty();
  }

  // --- the patch itself ---------------------------------------------------------------------

  @Test
  void patchOfASimplePeerPod() {
    Pod pod = peerPod(limits("app", "cpu", "2", "memory", "4Gi"), requests("log", "cpu", "100m"));

    assertThat(MUTATOR.mutate("CREATE", pod))
        .containsExactly(
            PatchOp.add(
                "/metadata/annotations",
                Map.of(ANNOTATION_DEFAULT_VCPUS, "3", ANNOTATION_DEFAULT_MEMORY, "4096")),
            PatchOp.add("/spec/containers/0/resources/requests", Map.of(VM, "1")),
            PatchOp.add("/spec/containers/0/resources/limits", Map.of(VM, "1")),
            PatchOp.remove("/spec/containers/1/resources/requests"));
  }

  @Test
  void firstContainerWithoutResourcesGetsTheWholeObject() {
    assertThat(MUTATOR.mutate("CREATE", peerPod(bare("app"))))
        .containsExactly(
            PatchOp.add(
                "/spec/containers/0/resources",
                Map.of("requests", Map.of(VM, "1"), "limits", Map.of(VM, "1"))));
  }

  @Test
  void resourceClaimsAreKept() {
    Container c =
        new ContainerBuilder(limits("app", "cpu", "1"))
            .editResources()
            .withClaims(new ResourceClaim("gpu", null))
            .endResources()
            .build();
    Pod pod = peerPod(bare("first"), c);

    Pod after = applied(pod, MUTATOR.mutate("CREATE", pod));

    assertThat(after.getSpec().getContainers().get(1).getResources().getClaims())
        .extracting(ResourceClaim::getName)
        .containsExactly("gpu");
  }

  @Test
  void configuredRuntimeClassAndResourceName() {
    PodMutator custom =
        PodMutator.fromEnv(
            Map.of(
                PeerPods.ENV_TARGET_RUNTIMECLASS,
                "kata-aws",
                PeerPods.ENV_POD_VM_EXTENDED_RESOURCE,
                "example.com/vm"));

    assertThat(custom.mutate("CREATE", peerPod(bare("a")))).isEmpty();
    Pod after =
        applied(
            pod("kata-aws", List.of(), bare("a")),
            custom.mutate("CREATE", pod("kata-aws", List.of(), bare("a"))));
    assertThat(after.getSpec().getContainers().get(0).getResources().getLimits())
        .isEqualTo(q("example.com/vm", "1"));
  }

  static Stream<Arguments> environments() {
    return Stream.of(
        Arguments.of(Map.of(), "kata-remote", VM),
        Arguments.of(Map.of("TARGET_RUNTIMECLASS", "a"), "a", VM),
        Arguments.of(Map.of("TARGET_RUNTIME_CLASS", "b"), "b", VM),
        Arguments.of(Map.of("TARGET_RUNTIMECLASS", "a", "TARGET_RUNTIME_CLASS", "b"), "a", VM),
        Arguments.of(Map.of("TARGET_RUNTIMECLASS", " "), "kata-remote", VM),
        Arguments.of(Map.of("POD_VM_EXTENDED_RESOURCE", "x.io/vm"), "kata-remote", "x.io/vm"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("environments")
  void environment(Map<String, String> env, String runtimeClass, String resource) {
    PodMutator m = PodMutator.fromEnv(env);
    assertThat(m.targetRuntimeClass()).isEqualTo(runtimeClass);
    assertThat(m.vmResource()).isEqualTo(resource);
  }

  static Stream<Arguments> unreadable() {
    return Stream.of(
        Arguments.of(
            limits("a", "cpu", "lots"),
            "spec.containers[0].resources.limits.cpu: invalid quantity \"lots\": not a quantity"),
        Arguments.of(
            requests("a", "memory", "-1Gi"),
            "spec.containers[0].resources.requests.memory: invalid quantity \"-1Gi\": out of"
                + " range"),
        Arguments.of(
            limits("a", "cpu", "1e30"),
            "spec.containers[0].resources.limits.cpu: invalid quantity \"1e30\": out of range"),
        Arguments.of(
            limits("a", "cpu", "1".repeat(65)),
            "spec.containers[0].resources.limits.cpu: invalid quantity: longer than 64"
                + " characters"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("unreadable")
  void quantityTheApiServerCouldNotHaveSentIsABadRequest(Container c, String message) {
    assertThatThrownBy(() -> MUTATOR.mutate("CREATE", peerPod(c)))
        .isInstanceOf(BadAdmissionRequest.class)
        .hasMessage(message);
  }

  @Test
  void tinyAndHugeExponentsStayCheap() {
    Pod after =
        applied(
            peerPod(limits("a", "cpu", "1e-999999999")),
            MUTATOR.mutate("CREATE", peerPod(limits("a", "cpu", "1e-999999999"))));
    assertThat(after.getMetadata().getAnnotations()).containsEntry(ANNOTATION_DEFAULT_VCPUS, "1");
    assertThatThrownBy(() -> MUTATOR.mutate("CREATE", peerPod(limits("a", "cpu", "1e999999999"))))
        .hasMessageEndingWith("out of range");
  }
}
