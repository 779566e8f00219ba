package dev.osc.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.api.Names;
import dev.osc.api.PeerPods;
import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PodVmImageKeys;
import dev.osc.api.v1.KataConfig;
import dev.osc.api.v1alpha1.PeerPod;
import dev.osc.cli.Osc;
import dev.osc.cli.mustgather.Gaps;
import dev.osc.cli.mustgather.GatherTree;
import dev.osc.cli.mustgather.MustGather;
import dev.osc.operator.OperatorSettings;
import dev.osc.operator.OscOperator;
import dev.osc.operator.monitoring.KataMonitorModel;
import dev.osc.operator.peerpods.CaaDaemonSetModel;
import dev.osc.testkit.Await;
import dev.osc.testkit.RealApi;
import dev.osc.testkit.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osc must-gather} against the real API server after the documented peer-pods install
 * (operator in-process, simulated MachineConfig operator): every item of the support data is in the
 * tree, no planted secret value is in any file or in the tarball, and with RBAC missing for nodes
 * the gather records what it could not read and completes.
 *
 * <p>The test bed has no controllers and no kubelets: the pods of the adaptor, webhook, image Job,
 * kata-monitor and operator are planted as their controllers would create them. The adaptor's node
 * points at {@link KubeletLogs}, so its current and previous logs come through the API server; the
 * operator's node has no address (the API server answers 500) and the others are not running: the
 * tree says so for each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MustGatherE2ETest {
  private static final String NS = Names.OPERATOR_NAMESPACE;
  private static final String NAME = "example-kataconfig";

  /** Upstream's kata-monitor DaemonSet name (issue 14); its manifest is the metrics work's. */
  private static final String KATA_MONITOR = KataMonitorModel.NAME;

  // Distinctive values that must never appear in the gathered data.
  private static final String AWS_KEY_ID = "AKIAOSCGPLANTED0042";
  private static final String AWS_SECRET = "oscg/Planted+Secret+Value/7f3a9c2e";
  private static final String APP_SECRET = "oscg-app-only-secret-9c1e";
  private static final String APP_SECRET_NAME = "oscg-app-credentials";

  private static final String CAA_POD = CaaDaemonSetModel.NAME + "-oscg1";
  private static final String CAA_LOG =
      "2026-12-06T06:00:00Z osc caa: serving\n"
          + "2026-12-06T06:00:01Z aws: signing with "
          + AWS_SECRET
          + " (an adaptor that logs its key)\n";
  private static final String CAA_PREVIOUS_LOG = "2026-12-06T05:59:00Z osc caa: exiting: boom\n";

  private KubeletLogs kubelet;
  private SimulatedCluster cluster;
  private OscOperator operator;
  private KubernetesClient client;
  private String kubeconfig;

  @BeforeAll
  void installPeerPodsAndPlant() throws Exception {
    RealApi api = RealApiExtension.startOrSkip();
    kubeconfig = api.kubeconfig();
    cluster = SimulatedCluster.start(api, 2, true, Duration.ofMillis(300));
    client = cluster.client();
    // worker-1's kubelet answers for logs; worker-0 has no address, as every simulated node.
    String caa = NS + "/" + CAA_POD + "/cloud-api-adaptor";
    kubelet = new KubeletLogs(Map.of(caa, CAA_LOG, caa + "?previous", CAA_PREVIOUS_LOG));
    // A merge patch: the simulated MachineConfig operator writes the node at the same time.
    client
        .nodes()
        .withName("worker-1")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client
                .getKubernetesSerialization()
                .asJson(
                    Map.of(
                        "status",
                        Map.of(
                            "addresses",
                            List.of(new NodeAddress("127.0.0.1", "InternalIP")),
                            "daemonEndpoints",
                            new NodeDaemonEndpoints(new DaemonEndpoint(kubelet.port()))))));
    plantSecrets();
    plantPods();
    operator = OscOperator.start(client, OperatorSettings.defaults());
    KataConfig kc = new KataConfig();
    kc.getMetadata().setName(NAME);
    kc.getSpec().setEnablePeerPods(true);
    kc.getSpec().setLogLevel("debug");
    client.resource(kc).create();
    Await.until(
        Duration.ofSeconds(90),
        "peer pods installed",
        () -> {
          KataConfig now = client.resources(KataConfig.class).withName(NAME).get();
          return now.getStatus() != null
              && now.getStatus().getKataNodes() != null
              && Integer.valueOf(2).equals(now.getStatus().getKataNodes().getReadyNodeCount())
              && client.apps().daemonSets().inNamespace(NS).withName(CaaDaemonSetModel.NAME).get()
                  != null
              && client
                      .resources(dev.osc.api.openshift.ContainerRuntimeConfig.class)
                      .withName(Names.CONTAINER_RUNTIME_CONFIG)
                      .get()
                  != null;
        },
        () -> "");
    // A peer pod, once its RuntimeClass exists; in the operator namespace, which the pod webhook
    // (no endpoints here) skips.
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("oscg-peer-pod")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withRuntimeClassName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .addNewContainer()
                .withName("app")
                .withImage("quay.io/example/app:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("oscg-peer-app")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .withMatchLabels(Map.of("app", "oscg-peer-app"))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "oscg-peer-app"))
                .endMetadata()
                .withNewSpec()
                .withRuntimeClassName(Names.RUNTIME_CLASS_KATA_REMOTE)
                .addNewContainer()
                .withName("app")
                .withImage("quay.io/example/app:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private void plantSecrets() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(PeerPodsKeys.SECRET)
                .withNamespace(NS)
                .endMetadata()
                .withStringData(
                    Map.of("AWS_ACCESS_KEY_ID", AWS_KEY_ID, "AWS_SECRET_ACCESS_KEY", AWS_SECRET))
                .build())
        .createOr(r -> r.update());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(APP_SECRET_NAME)
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("token", APP_SECRET))
                .build())
        .createOr(r -> r.update());
    // An administrator pasted the credential where it does not belong: the redactor hides it.
    for (String cm :
        List.of(PodVmImageKeys.AWS_PODVM_IMAGE_CM, PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM)) {
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(cm)
                  .withNamespace(NS)
                  .endMetadata()
                  .withData(
                      Map.of(PodVmImageKeys.UPDATE_PEERPODS_CM, "no", "NOTE", "was " + AWS_SECRET))
                  .build())
          .createOr(r -> r.update());
    }
  }

  /** The pods the controllers would make (none run here); created before the pod webhook. */
  private void plantPods() {
    EnvVar fromSecret =
        new EnvVarBuilder()
            .withName("APP_TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName(APP_SECRET_NAME)
            .withKey("token")
            .endSecretKeyRef()
            .endValueFrom()
            .build();
    EnvVar pastedLiteral = new EnvVar("AWS_SECRET_ACCESS_KEY", AWS_SECRET, null);
    // Running on worker-1, restarted once: its kubelet serves both logs.
    pod(NS, CAA_POD, "cloud-api-adaptor", List.of(pastedLiteral), "worker-1");
    pod(NS, PeerPods.WEBHOOK_DEPLOYMENT + "-oscg1", "webhook", List.of(), null);
    pod(NS, Names.JOB_PODVM_IMAGE_CREATION + "-oscg1", "create", List.of(), null);
    pod(NS, KATA_MONITOR + "-oscg1", "kata-monitor", List.of(fromSecret), null);
    // Scheduled and running, restarted once: both logs are asked for; no kubelet answers.
    pod(NS, "sandboxed-containers-operator-oscg1", "operator", List.of(fromSecret), "worker-0");
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("oscg-apps").endMetadata().build())
        .createOr(r -> r.update());
    PeerPod pp = new PeerPod();
    pp.getMetadata().setName("oscg-peer-pod");
    pp.getMetadata().setNamespace("oscg-apps");
    pp.setSpec(new dev.osc.api.v1alpha1.PeerPodSpec());
    client.resource(pp).create();
  }

  private void pod(String ns, String name, String container, List<EnvVar> env, String node) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName(container)
                .withImage("quay.io/osc-java/osc:0.1.0")
                .withEnv(env)
                .endContainer()
                .endSpec()
                .build())
        .create();
    if (node != null) {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .editStatus(
              p -> {
                p.getStatus().setPhase("Running");
                p.getStatus()
                    .setContainerStatuses(
                        List.of(
                            new ContainerStatusBuilder()
                                .withName(container)
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
                return p;
              });
    }
  }

  @Test
  void gathersEveryItemAndNoSecretValue(@TempDir Path tmp) throws Exception {
    Path dest = tmp.resolve("must-gather");
    Path tarball = tmp.resolve("must-gather.tar.gz");
    Path kc = Files.writeString(tmp.resolve("kubeconfig"), kubeconfig);
    long t0 = System.nanoTime();
    int exit =
        Osc.commandLine()
            .execute(
                "must-gather",
                "--dest-dir",
                dest.toString(),
                "--tarball",
                tarball.toString(),
                "--since",
                "1h",
                "--kubeconfig",
                kc.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(exit).isZero();
    System.out.printf(
        "must-gather on the test bed: %d ms, %d files, tarball %d bytes%n",
        ms, files(dest).size(), Files.size(tarball));
    for (String list : List.of("not-collected.txt", "not-served.txt", "absent.txt")) {
      System.out.print("--- " + list + "\n" + read(dest, list));
    }

    String ns = "namespaces/" + NS + "/";
    String mc = "cluster-scoped-resources/" + Names.MC_GROUP + "/";
    for (String item :
        List.of(
            "cluster-scoped-resources/" + Names.GROUP + "/kataconfigs/" + NAME + ".yaml",
            "cluster-scoped-resources/" + Names.GROUP + "/kataconfigs/" + NAME + ".events.yaml",
            ns + PeerPods.GROUP + "/peerpodconfigs/" + PeerPods.PEERPODCONFIG_NAME + ".yaml",
            "namespaces/oscg-apps/" + PeerPods.GROUP + "/peerpods/oscg-peer-pod.yaml",
            ns + "core/configmaps/" + PeerPodsKeys.CONFIG_MAP + ".yaml",
            ns + "core/configmaps/" + PodVmImageKeys.AWS_PODVM_IMAGE_CM + ".yaml",
            ns + "core/configmaps/" + PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM + ".yaml",
            ns + "core/secrets/" + PeerPodsKeys.SECRET + ".keys.txt",
            ns + "apps/daemonsets/" + CaaDaemonSetModel.NAME + ".yaml",
            ns + "apps/deployments/" + PeerPods.WEBHOOK_DEPLOYMENT + ".yaml",
            ns + "batch/jobs/" + Names.JOB_PODVM_IMAGE_CREATION + ".yaml",
            ns + "core/services/" + PeerPods.WEBHOOK_SERVICE + ".yaml",
            ns + "core/events/",
            ns + "core/pods/" + CaaDaemonSetModel.NAME + "-oscg1.yaml",
            ns + "core/pods/" + PeerPods.WEBHOOK_DEPLOYMENT + "-oscg1.yaml",
            ns + "core/pods/" + Names.JOB_PODVM_IMAGE_CREATION + "-oscg1.yaml",
            ns + "core/pods/" + KATA_MONITOR + "-oscg1.yaml",
            ns + "core/pods/sandboxed-containers-operator-oscg1.yaml",
            "cluster-scoped-resources/core/nodes/worker-0.yaml",
            "cluster-scoped-resources/core/nodes/worker-1.yaml",
            mc + "machineconfigpools/" + Names.POOL_KATA_OC + ".yaml",
            mc + "machineconfigs/" + Names.MC_ENABLE_EXTENSION + ".yaml",
            mc + "containerruntimeconfigs/" + Names.CONTAINER_RUNTIME_CONFIG + ".yaml",
            "cluster-scoped-resources/node.k8s.io/runtimeclasses/kata.yaml",
            "cluster-scoped-resources/node.k8s.io/runtimeclasses/kata-remote.yaml",
            "cluster-scoped-resources/admissionregistration.k8s.io/mutatingwebhookconfigurations/"
                + PeerPods.MUTATING_WEBHOOK_CONFIGURATION
                + ".yaml",
            "cluster-scoped-resources/admissionregistration.k8s.io/validatingwebhookconfigurations/"
                + Names.VALIDATING_WEBHOOK_CONFIGURATION
                + ".yaml",
            "cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/"
                + Names.KATACONFIG_CRD
                + ".yaml",
            "cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/"
                + PeerPods.PEERPODCONFIG_CRD
                + ".yaml",
            "cluster-scoped-resources/apiextensions.k8s.io/customresourcedefinitions/"
                + PeerPods.PEERPOD_CRD
                + ".yaml",
            "kata-workloads.txt",
            "must-gather.txt",
            "not-collected.txt",
            "not-served.txt",
            "absent.txt")) {
      if (item.endsWith("/")) {
        assertThat(dest.resolve(item)).as(item).isDirectoryContaining("glob:**.yaml");
      } else {
        assertThat(dest.resolve(item)).as(item).isRegularFile();
      }
    }

    assertThat(read(dest, ns + "core/secrets/" + PeerPodsKeys.SECRET + ".keys.txt").lines())
        .filteredOn(l -> !l.startsWith("#"))
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(
            read(
                dest,
                "cluster-scoped-resources/"
                    + Names.GROUP
                    + "/kataconfigs/"
                    + NAME
                    + ".events.yaml"))
        .contains("reason: \"Installing\"");
    assertThat(read(dest, "cluster-scoped-resources/core/nodes/worker-0.yaml"))
        .contains(
            Names.LABEL_ROLE_KATA_OC,
            Names.ANNOTATION_MCO_STATE,
            "capacity:",
            PeerPods.VM_RESOURCE);
    assertThat(read(dest, "kata-workloads.txt"))
        .contains("Pod " + NS + " oscg-peer-pod kata-remote Pending -")
        .contains("Deployment " + NS + " oscg-peer-app kata-remote - -")
        .doesNotContain("Pod " + NS + " " + CAA_POD);
    // The Secret-backed env is a reference in the pod spec, nothing more.
    assertThat(read(dest, ns + "core/pods/" + KATA_MONITOR + "-oscg1.yaml"))
        .contains("secretKeyRef:", "name: \"" + APP_SECRET_NAME + "\"");
    // The pasted credential is redacted wherever it appears.
    assertThat(read(dest, ns + "core/configmaps/" + PodVmImageKeys.AWS_PODVM_IMAGE_CM + ".yaml"))
        .contains("NOTE: \"was <redacted>\"");
    assertThat(read(dest, ns + "core/pods/" + CaaDaemonSetModel.NAME + "-oscg1.yaml"))
        .contains("value: \"<redacted>\"");

    // Logs: said honestly why there are none.
    Path pending =
        dest.resolve(ns.replace("core/", "") + "pods/" + KATA_MONITOR + "-oscg1/kata-monitor");
    assertThat(Files.readString(pending.resolve("current.log.unavailable.txt")))
        .startsWith("no logs: pod not running (phase Pending, not scheduled to a node)");
    Path running =
        dest.resolve("namespaces/" + NS + "/pods/sandboxed-containers-operator-oscg1/operator");
    for (String log : List.of("current.log", "previous.log")) {
      assertThat(running.resolve(log + ".unavailable.txt")).as(log).isRegularFile();
      assertThat(read(running, log + ".unavailable.txt")).startsWith("no logs: ");
    }
    // Served by worker-1's kubelet through the API server: both logs, the window, redacted.
    Path caaLogs = dest.resolve("namespaces/" + NS + "/pods/" + CAA_POD + "/cloud-api-adaptor");
    assertThat(read(caaLogs, "current.log")).isEqualTo(CAA_LOG.replace(AWS_SECRET, "<redacted>"));
    assertThat(read(caaLogs, "previous.log")).isEqualTo(CAA_PREVIOUS_LOG);
    assertThat(kubelet.queries())
        .anyMatch(q -> q.contains("sinceSeconds=3600") && !q.contains("previous=true"))
        .anyMatch(q -> q.contains("sinceSeconds=3600") && q.contains("previous=true"));
    assertThat(read(dest, "not-collected.txt"))
        .contains(
            "failed: log of " + NS + "/sandboxed-containers-operator-oscg1 container operator")
        .contains("failed: previous log of " + NS + "/sandboxed-containers-operator-oscg1");
    // Plain API server: no cert-manager and no MachineConfig operator namespace.
    assertThat(read(dest, "not-served.txt"))
        .contains("Issuers (cert-manager.io)", "Subscriptions (operators.coreos.com)");
    assertThat(read(dest, "absent.txt")).contains("Namespace " + MustGather.MCO_NAMESPACE);

    for (Path f : files(dest)) {
      assertNoSecret(f.toString(), Files.readString(f));
    }
    try (InputStream tar = new GZIPInputStream(Files.newInputStream(tarball))) {
      String all = new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertNoSecret("the tarball", all);
      assertThat(all).contains("must-gather/kata-workloads.txt");
    }
  }

  @Test
  void withoutRbacForNodesItRecordsWhatItCouldNotReadAndCompletes(@TempDir Path tmp)
      throws Exception {
    String sa = "oscg-gatherer";
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(sa)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .createOr(r -> r.update());
    client
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("oscg-must-gather-without-nodes")
                .endMetadata()
                .withRules(
                    rule("", "pods", "pods/log", "events", "configmaps", "services", "namespaces"),
                    rule("apps", "daemonsets", "deployments"),
                    rule("batch", "jobs"),
                    rule(Names.GROUP, "kataconfigs"),
                    rule(PeerPods.GROUP, "peerpodconfigs", "peerpods"),
                    rule(
                        Names.MC_GROUP,
                        "machineconfigpools",
                        "machineconfigs",
                        "containerruntimeconfigs"),
                    rule("node.k8s.io", "runtimeclasses"),
                    rule(
                        "admissionregistration.k8s.io",
                        "mutatingwebhookconfigurations",
                        "validatingwebhookconfigurations"),
                    rule("apiextensions.k8s.io", "customresourcedefinitions"),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("secrets")
                        .withResourceNames(PeerPodsKeys.SECRET)
                        .withVerbs("get")
                        .build())
                .build())
        .createOr(r -> r.update());
    client
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("oscg-must-gather-without-nodes")
                .endMetadata()
                .withNewRoleRef(
                    "rbac.authorization.k8s.io", "ClusterRole", "oscg-must-gather-without-nodes")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(sa)
                .withNamespace(NS)
                .endSubject()
                .build())
        .createOr(r -> r.update());
    Config config =
        new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
            .withImpersonateUsername("system:serviceaccount:" + NS + ":" + sa)
            .build();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path dest = tmp.resolve("restricted");
    try (KubernetesClient restricted = new KubernetesClientBuilder().withConfig(config).build();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      assertThat(restricted.pods().inNamespace(NS).list().getItems()).isNotEmpty();
      new MustGather(
              restricted,
              new GatherTree(dest, restricted.getKubernetesSerialization()),
              new Gaps(errors),
              System.out,
              NS,
              Optional.empty())
          .run();
    }
    assertThat(read(dest, "not-collected.txt")).contains("forbidden: nodes (403: ");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("must-gather: could not read forbidden: nodes (403: ");
    assertThat(dest.resolve("cluster-scoped-resources/core/nodes")).doesNotExist();
    assertThat(
            dest.resolve(
                "cluster-scoped-resources/" + Names.GROUP + "/kataconfigs/" + NAME + ".yaml"))
        .isRegularFile();
    assertThat(
            dest.resolve("namespaces/" + NS + "/core/secrets/" + PeerPodsKeys.SECRET + ".keys.txt"))
        .isRegularFile();
    assertThat(read(dest, "must-gather.txt")).contains("took: ");
    for (Path f : files(dest)) {
      assertNoSecret(f.toString(), Files.readString(f));
    }
  }

  private static io.fabric8.kubernetes.api.model.rbac.PolicyRule rule(
      String group, String... resources) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs("get", "list")
        .build();
  }

  private static void assertNoSecret(String where, String text) {
    for (String value : List.of(AWS_KEY_ID, AWS_SECRET, APP_SECRET)) {
      assertThat(text).as("%s holds a planted secret value", where).doesNotContain(value);
      String b64 =
          java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      assertThat(text).as("%s holds a planted secret value (base64)", where).doesNotContain(b64);
    }
  }

  private static String read(Path dir, String file) throws IOException {
    return Files.readString(dir.resolve(file));
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).toList());
    }
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (kubelet != null) {
      kubelet.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
