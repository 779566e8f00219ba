package dev.osc.dev;

import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.caa.CaaDaemon;
import dev.osc.caa.CaaSettings;
import dev.osc.caa.cloud.local.LocalForwarders;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.hypervisor.HypervisorMessages;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.metrics.Metrics;
import dev.osc.testkit.LocalAdaptorEnv;
import dev.osc.ttrpc.TtrpcClient;
import dev.osc.ttrpc.TtrpcException;
import dev.osc.ttrpc.UnixSockets;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

/**
 * The playground's peer pod: the docs' pod of runtime class kata-remote (3.7), its VM made by the
 * node's cloud-api-adaptor with the local provider (each VM's forwarder in this process, reached
 * over mutual TLS), shown with {@code kubectl get peerpods}, then deleted with the pod. The
 * playground plays the kubelet and the Kata shim, which call the adaptor's socket.
 */
final class PeerPodDemo {
  static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: my-pod-manifest
        namespace: default
      spec:
        runtimeClassName: kata-remote
        containers:
        - name: example-container
          image: registry.access.redhat.com/ubi9/ubi:9.3
          command: ["sleep", "36000"]
      """;
  private static final String SANDBOX =
      "5f3c0a9d1e7b4c2a8f6e0d9c7b5a3f1e2d4c6b8a0f9e7d5c3b1a2f4e6d8c0b9a";

  private final KubernetesClient client;
  private final PrintStream out;
  private final String node;

  /** A real API server runs admission: the webhook (served by the caller) answers for the pod. */
  private final boolean admission;

  PeerPodDemo(KubernetesClient client, PrintStream out, String node, boolean admission) {
    this.client = client;
    this.out = out;
    this.node = node;
    this.admission = admission;
  }

  void run() throws Exception {
    Path dir = Files.createDirectories(Path.of("/tmp", "osc-pg" + ProcessHandle.current().pid()));
    Map<String, String> env =
        LocalAdaptorEnv.in(dir, node).with(PeerPodsKeys.TUNNEL_TYPE, "none").build();
    CaaSettings settings = CaaSettings.from(env);
    if (client.namespaces().withName("kube-system").get() == null) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName("kube-system")
                  .endMetadata()
                  .build())
          .create();
    }
    if (client.namespaces().withName("default").get() == null) {
      client
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
          .create();
    }
    try (LocalProvider cloud =
            new LocalProvider(
                Duration.ZERO,
                new LocalForwarders(
                    dir.resolve("vms"), settings.forwarderPort(), dir.resolve("agent.sock")));
        CaaDaemon caa = CaaDaemon.start(settings, cloud, client, new Metrics())) {
      out.printf(
          "%nA peer pod. On %s, osc caa (local provider) serves the Kata shim on %s.%n",
          node, settings.socket());
      out.println("$ cat my-pod-manifest.yaml");
      out.print(POD.indent(2));
      out.println("$ kubectl create -f my-pod-manifest.yaml");
      Pod pod =
          client.resource(client.getKubernetesSerialization().unmarshal(POD, Pod.class)).create();
      out.printf("pod/%s created%n", pod.getMetadata().getName());
      if (admission) {
        out.println(
            "(the API server called the pod mutating webhook: the pod takes one "
                + PeerPods.VM_RESOURCE
                + "; any size it asked for moves to the VM's annotations)");
        out.printf(
            "$ kubectl get pod %s -o jsonpath='{.spec.containers[0].resources}'%n%s%n",
            pod.getMetadata().getName(),
            client
                .getKubernetesSerialization()
                .asJson(pod.getSpec().getContainers().get(0).getResources()));
      }
      out.println("(the kubelet runs the pod's sandbox; the Kata shim calls CreateVM, StartVM)");
      call(
          settings.socket(),
          HypervisorMessages.CREATE_VM,
          new HypervisorMessages.CreateVmRequest(
                  SANDBOX,
                  Map.of(
                      SandboxRequest.SANDBOX_NAME,
                      pod.getMetadata().getName(),
                      SandboxRequest.SANDBOX_NAMESPACE,
                      "default"),
                  "")
              .encode());
      call(settings.socket(), HypervisorMessages.START_VM, HypervisorMessages.idRequest(SANDBOX));
      out.println("$ kubectl get peerpods -n default");
      printPeerPods();
      out.printf("%n$ kubectl delete pod %s%n", pod.getMetadata().getName());
      client.resource(pod).delete();
      out.printf("pod \"%s\" deleted%n", pod.getMetadata().getName());
      out.println("(the Kata shim calls StopVM)");
      call(settings.socket(), HypervisorMessages.STOP_VM, HypervisorMessages.idRequest(SANDBOX));
      out.println("$ kubectl get peerpods -n default");
      printPeerPods();
      out.printf("VMs left running: %d%n", cloud.instances().size());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void call(Path socket, String method, byte[] request)
      throws IOException, TtrpcException {
    try (TtrpcClient shim = new TtrpcClient(UnixSockets.connect(socket))) {
      shim.call(HypervisorMessages.SERVICE, method, request);
    }
  }

  private void printPeerPods() {
    var list = client.resources(PeerPod.class).inNamespace("default").list().getItems();
    if (list.isEmpty()) {
      out.println("No resources found in default namespace.");
      return;
    }
    out.printf("%-34s %-9s %-10s %s%n", "NAME", "PROVIDER", "INSTANCE", "NODE");
    for (PeerPod pp : list) {
      out.printf(
          "%-34s %-9s %-10s %s%n",
          pp.getMetadata().getName(),
          pp.getSpec().getCloudProvider(),
          pp.getSpec().getInstanceID(),
          pp.getSpec().getNodeName());
    }
  }
}
