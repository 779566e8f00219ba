package dev.osc.testkit;

import dev.osc.api.Meta;
import dev.osc.api.Names;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for the DaemonSet controller, the kubelet and the Kata project's installer scripts on a
 * plain Kubernetes cluster without nodes. It mirrors what the operator relies on:
 *
 * <ul>
 *   <li>the DaemonSet controller runs one pod of {@code kata-deploy} / {@code kata-cleanup} on each
 *       node matching the pod template's nodeSelector, and deletes the pod when the node stops
 *       matching;
 *   <li>kata-deploy's {@code install} labels its node {@code katacontainers.io/kata-runtime=true}
 *       once the runtime is installed (after the install delay) and the container keeps running;
 *       its preStop {@code cleanup} relabels an installed node {@code cleanup};
 *   <li>kata-cleanup's {@code reset} restores the container runtime and removes the label;
 *   <li>a node scripted to fail gets an installer container in CrashLoopBackOff with a message, and
 *       no label, until healed.
 * </ul>
 */
public final class KataDeploySimulator extends TickingSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(KataDeploySimulator.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Duration installDelay;
  private final Map<String, Instant> started = new ConcurrentHashMap<>();
  private final Map<String, Integer> installs = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();

  public KataDeploySimulator(KubernetesClient client, String namespace, Duration installDelay) {
    super("kata-deploy-simulator");
    this.client = client;
    this.namespace = namespace;
    this.installDelay = installDelay;
  }

  public KataDeploySimulator start() {
    startTicking();
    return this;
  }

  /** How many times kata was installed on the node (each one restarts its container runtime). */
  public int installs(String node) {
    return installs.getOrDefault(node, 0);
  }

  @Override
  synchronized void tick() {
    List<Node> nodes = client.nodes().list().getItems();
    for (String dsName : List.of(Names.KATA_DEPLOY_DAEMONSET, Names.KATA_CLEANUP_DAEMONSET)) {
      DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(dsName).get();
      Map<String, Pod> pods =
          client.pods().inNamespace(namespace).withLabel("name", dsName).list().getItems().stream()
              .collect(Collectors.toMap(p -> p.getSpec().getNodeName(), p -> p, (a, b) -> a));
      Map<String, String> selector =
          ds == null ? null : ds.getSpec().getTemplate().getSpec().getNodeSelector();
      Set<String> matching =
          ds == null
              ? Set.of()
              : nodes.stream()
                  .filter(n -> Meta.labels(n).entrySet().containsAll(selector.entrySet()))
                  .map(n -> n.getMetadata().getName())
                  .collect(Collectors.toSet());
      for (Map.Entry<String, Pod> e : pods.entrySet()) {
        if (!matching.contains(e.getKey())) {
          removePod(dsName, e.getKey(), e.getValue());
        }
      }
      for (String node : matching) {
        Pod pod = pods.get(node);
        if (pod == null) {
          createPod(dsName, node);
        } else {
          act(dsName, node, pod);
        }
      }
    }
  }

  private void createPod(String dsName, String node) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(dsName + "-" + node)
            .withNamespace(namespace)
            .withLabels(Map.of("name", dsName))
            .endMetadata()
            .withNewSpec()
            .withNodeName(node)
            .addNewContainer()
            .withName("kube-kata")
            .withImage("kata-deploy")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();
    client.resource(pod).create();
    started.put(dsName + "/" + node, Instant.now());
    LOG.info("kata-deploy-simulator: {} pod started on {}", dsName, node);
  }

  private void act(String dsName, String node, Pod pod) {
    Instant since = started.computeIfAbsent(dsName + "/" + node, k -> Instant.now());
    if (Duration.between(since, Instant.now()).compareTo(installDelay) < 0) {
      return;
    }
    Node n = client.nodes().withName(node).get();
    if (n == null) {
      return;
    }
    String runtime = Meta.labels(n).get(Names.LABEL_KATA_RUNTIME);
    if (dsName.equals(Names.KATA_DEPLOY_DAEMONSET)) {
      String failure = scriptedFailures.get(node);
      if (failure != null) {
        setContainerState(pod, "CrashLoopBackOff", failure);
      } else if (runtime == null && done.add(pod.getMetadata().getUid())) {
        // install runs once per pod, and only on a node without kata.
        setContainerState(pod, null, null);
        installs.merge(node, 1, Integer::sum);
        LOG.info("kata-deploy-simulator: kata installed on {}", node);
        label(node, Names.KATA_RUNTIME_INSTALLED);
      }
    } else if (Names.KATA_RUNTIME_CLEANUP.equals(runtime)) {
      LOG.info("kata-deploy-simulator: kata removed from {}", node);
      label(node, null);
    }
  }

  private void removePod(String dsName, String node, Pod pod) {
    if (dsName.equals(Names.KATA_DEPLOY_DAEMONSET)) {
      Node n = client.nodes().withName(node).get();
      if (n != null
          && Names.KATA_RUNTIME_INSTALLED.equals(Meta.labels(n).get(Names.LABEL_KATA_RUNTIME))) {
        label(node, Names.KATA_RUNTIME_CLEANUP); // the preStop hook's cleanup
      }
    }
    client.resource(pod).delete();
    started.remove(dsName + "/" + node);
  }

  private void setContainerState(Pod pod, String waitingReason, String message) {
    var status =
        new ContainerStatusBuilder()
            .withName("kube-kata")
            .withReady(waitingReason == null)
            .withRestartCount(0)
            .withImage("kata-deploy")
            .withImageID("kata-deploy");
    status =
        waitingReason == null
            ? status.withNewState().withNewRunning().endRunning().endState()
            : status
                .withNewState()
                .withNewWaiting()
                .withReason(waitingReason)
                .withMessage(message)
                .endWaiting()
                .endState();
    var wanted = status.build();
    if (pod.getStatus() != null
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().size() == 1
        && pod.getStatus().getContainerStatuses().get(0).getState().equals(wanted.getState())) {
      return;
    }
    Map<String, Object> body =
        Map.of("status", Map.of("phase", "Running", "containerStatuses", List.of(wanted)));
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(body));
  }

  private void label(String node, String value) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Names.LABEL_KATA_RUNTIME, value);
    Node seen = client.nodes().withName(node).get();
    client
        .nodes()
        .withName(node)
        .patch(
            PatchContext.of(PatchType.JSON),
            client.getKubernetesSerialization().asJson(Meta.mapPatch(seen, "labels", labels)));
  }
}
