package dev.osc.testkit;

import dev.osc.api.Meta;
import dev.osc.api.Names;
import dev.osc.api.openshift.ContainerRuntimeConfig;
import dev.osc.api.openshift.MachineConfig;
import dev.osc.api.openshift.MachineConfigPool;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for OpenShift's MachineConfig operator (MCO), which we cannot run here. It mirrors the
 * real behaviours the KataConfig operator relies on:
 *
 * <ul>
 *   <li>pools {@code master} and {@code worker} exist from the start, and a node belongs to a
 *       custom pool whose nodeSelector matches it before it belongs to {@code worker};
 *   <li>the render controller names a pool's configuration {@code rendered-<pool>-<hash>} over the
 *       MachineConfigs its machineConfigSelector picks (plus ContainerRuntimeConfigs that select
 *       the pool, as the container-runtime-config controller generates one), and writes it to the
 *       pool's {@code spec.configuration.name};
 *   <li>the node controller walks a pool's out-of-date nodes at most {@code maxUnavailable} at a
 *       time: it sets the node's {@code desiredConfig} and {@code state=Working}; after the reboot
 *       delay the daemon reports {@code currentConfig=desiredConfig}, {@code state=Done};
 *   <li>a node scripted to fail ends its update {@code Degraded} with a {@code reason} annotation,
 *       keeps counting as unavailable, and retries once healed;
 *   <li>pool status carries the machine counts and the Updated/Updating/Degraded conditions.
 * </ul>
 *
 * Which out-of-date node goes first is the real MCO's own business; this one takes the newest node
 * first (name descending on ties), which gives the documentation's walkthrough order.
 */
public final class MachineConfigOperatorSimulator extends TickingSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(MachineConfigOperatorSimulator.class);

  private final KubernetesClient client;
  private final Duration rebootDelay;
  private final Map<String, Instant> rebootStarted = new ConcurrentHashMap<>();
  private final Map<String, Integer> reboots = new ConcurrentHashMap<>();

  public MachineConfigOperatorSimulator(KubernetesClient client, Duration rebootDelay) {
    super("mco-simulator");
    this.client = client;
    this.rebootDelay = rebootDelay;
  }

  /** Installs the MachineConfig API and the default pools, then starts acting. */
  public MachineConfigOperatorSimulator start() {
    Crds.installMachineConfigApi(client);
    createDefaultPool(Names.POOL_MASTER, Names.LABEL_ROLE_MASTER);
    createDefaultPool(Names.POOL_WORKER, Names.LABEL_ROLE_WORKER);
    startTicking();
    return this;
  }

  /** How many times the node rebooted into a new configuration. */
  public int reboots(String node) {
    return reboots.getOrDefault(node, 0);
  }

  private void createDefaultPool(String name, String roleLabel) {
    if (client.resources(MachineConfigPool.class).withName(name).get() != null) {
      return;
    }
    MachineConfigPool pool = new MachineConfigPool();
    pool.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withLabels(Map.of(Names.LABEL_POOL_PREFIX + name, ""))
            .build());
    MachineConfigPool.Spec spec = new MachineConfigPool.Spec();
    spec.machineConfigSelector =
        new LabelSelectorBuilder().withMatchLabels(Map.of(Names.LABEL_MC_ROLE, name)).build();
    spec.nodeSelector = new LabelSelectorBuilder().withMatchLabels(Map.of(roleLabel, "")).build();
    spec.maxUnavailable = new IntOrString(1);
    pool.setSpec(spec);
    client.resource(pool).create();
    // Every cluster has a base config per role.
    MachineConfig base = new MachineConfig();
    base.setMetadata(
        new ObjectMetaBuilder()
            .withName("00-" + name)
            .withLabels(Map.of(Names.LABEL_MC_ROLE, name))
            .build());
    base.setSpec(new MachineConfig.Spec());
    client.resource(base).createOr(r -> r.update());
  }

  @Override
  synchronized void tick() {
    // Pools first: a pool's configs are created before it (and a node is labelled last), and
    // each list is a fresh read, so a pool seen here is rendered with all of them. Listing the
    // configs first could see a new pool without its configs and render it twice, rebooting a
    // node twice; the real render controller avoids that by waiting for changes to settle.
    List<MachineConfigPool> pools = client.resources(MachineConfigPool.class).list().getItems();
    List<MachineConfig> mcs = client.resources(MachineConfig.class).list().getItems();
    List<ContainerRuntimeConfig> crcs =
        client.resources(ContainerRuntimeConfig.class).list().getItems();
    List<Node> nodes = client.nodes().list().getItems();

    Map<String, String> targets = new HashMap<>();
    for (MachineConfigPool pool : pools) {
      String rendered = render(pool, mcs, crcs);
      targets.put(pool.getMetadata().getName(), rendered);
      if (!rendered.equals(pool.targetConfig())) {
        LOG.info("mco-simulator: pool {} renders {}", pool.getMetadata().getName(), rendered);
        client
            .resources(MachineConfigPool.class)
            .withName(pool.getMetadata().getName())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"configuration\":{\"name\":\"" + rendered + "\"}}}");
      }
    }
    Map<String, List<Node>> members = new LinkedHashMap<>();
    for (Node node : nodes) {
      String pool = poolOf(node, pools);
      if (pool != null) {
        members.computeIfAbsent(pool, k -> new ArrayList<>()).add(node);
      }
    }
    for (MachineConfigPool pool : pools) {
      String name = pool.getMetadata().getName();
      List<Node> poolNodes = members.getOrDefault(name, List.of());
      List<Node> updated = updateNodes(pool, targets.get(name), poolNodes);
      writeStatus(pool, targets.get(name), updated);
    }
  }

  private List<Node> updateNodes(MachineConfigPool pool, String target, List<Node> poolNodes) {
    List<Node> after = new ArrayList<>();
    int unavailable = 0;
    List<Node> candidates = new ArrayList<>();
    for (Node node : poolNodes) {
      String name = node.getMetadata().getName();
      Map<String, String> ann = annotations(node);
      String state = ann.get(Names.ANNOTATION_MCO_STATE);
      String current = ann.get(Names.ANNOTATION_MCO_CURRENT_CONFIG);
      String desired = ann.get(Names.ANNOTATION_MCO_DESIRED_CONFIG);
      if (current == null) {
        // A node that just joined boots straight into its pool's configuration.
        after.add(
            annotate(
                name,
                Map.of(
                    Names.ANNOTATION_MCO_CURRENT_CONFIG,
                    target,
                    Names.ANNOTATION_MCO_DESIRED_CONFIG,
                    target,
                    Names.ANNOTATION_MCO_STATE,
                    Names.MCO_STATE_DONE)));
        continue;
      }
      if (Names.MCO_STATE_WORKING.equals(state)) {
        Instant started = rebootStarted.computeIfAbsent(name, k -> Instant.now());
        if (Duration.between(started, Instant.now()).compareTo(rebootDelay) >= 0) {
          rebootStarted.remove(name);
          String failure = scriptedFailures.get(name);
          if (failure != null) {
            LOG.info("mco-simulator: node {} degraded: {}", name, failure);
            node =
                annotate(
                    name,
                    Map.of(
                        Names.ANNOTATION_MCO_STATE,
                        Names.MCO_STATE_DEGRADED,
                        Names.ANNOTATION_MCO_REASON,
                        failure));
            unavailable++;
          } else {
            reboots.merge(name, 1, Integer::sum);
            LOG.info("mco-simulator: node {} rebooted into {}", name, desired);
            Map<String, String> done = new HashMap<>();
            done.put(Names.ANNOTATION_MCO_CURRENT_CONFIG, desired);
            done.put(Names.ANNOTATION_MCO_STATE, Names.MCO_STATE_DONE);
            done.put(Names.ANNOTATION_MCO_REASON, "");
            node = annotate(name, done);
          }
        } else {
          unavailable++;
        }
        after.add(node);
        continue;
      }
      if (Names.MCO_STATE_DEGRADED.equals(state)) {
        if (!scriptedFailures.containsKey(name)) {
          node =
              annotate(
                  name,
                  Map.of(
                      Names.ANNOTATION_MCO_STATE,
                      Names.MCO_STATE_WORKING,
                      Names.ANNOTATION_MCO_DESIRED_CONFIG,
                      target));
        }
        unavailable++;
        after.add(node);
        continue;
      }
      if (!current.equals(target)) {
        candidates.add(node);
      } else {
        after.add(node);
      }
    }
    int max = maxUnavailable(pool);
    candidates.sort(Meta.NEWEST_FIRST);
    for (Node node : candidates) {
      if (unavailable < max) {
        String name = node.getMetadata().getName();
        LOG.info("mco-simulator: node {} starts updating to {}", name, target);
        rebootStarted.put(name, Instant.now());
        node =
            annotate(
                name,
                Map.of(
                    Names.ANNOTATION_MCO_DESIRED_CONFIG,
                    target,
                    Names.ANNOTATION_MCO_STATE,
                    Names.MCO_STATE_WORKING));
        unavailable++;
      }
      after.add(node);
    }
    return after;
  }

  private void writeStatus(MachineConfigPool pool, String target, List<Node> nodes) {
    MachineConfigPool.Status s = new MachineConfigPool.Status();
    s.machineCount = nodes.size();
    for (Node node : nodes) {
      Map<String, String> ann = annotations(node);
      boolean done = Names.MCO_STATE_DONE.equals(ann.get(Names.ANNOTATION_MCO_STATE));
      boolean current = target.equals(ann.get(Names.ANNOTATION_MCO_CURRENT_CONFIG));
      if (done && current) {
        s.updatedMachineCount++;
        s.readyMachineCount++;
      }
      if (Names.MCO_STATE_DEGRADED.equals(ann.get(Names.ANNOTATION_MCO_STATE))) {
        s.degradedMachineCount++;
      }
      if (!done) {
        s.unavailableMachineCount++;
      }
    }
    boolean allUpdated = s.updatedMachineCount == s.machineCount;
    s.configuration =
        new MachineConfigPool.Configuration(
            allUpdated
                ? target
                : pool.getStatus() == null || pool.getStatus().configuration == null
                    ? null
                    : pool.getStatus().configuration.name);
    s.observedGeneration = pool.getMetadata().getGeneration();
    MachineConfigPool.Status old = pool.getStatus();
    s.conditions =
        List.of(
            condition(old, "Updated", allUpdated),
            condition(old, "Updating", !allUpdated),
            condition(old, "Degraded", s.degradedMachineCount > 0));
    if (sameStatus(old, s)) {
      return;
    }
    pool.setStatus(s);
    client
        .resources(MachineConfigPool.class)
        .withName(pool.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("status", s)));
  }

  private static MachineConfigPool.Condition condition(
      MachineConfigPool.Status old, String type, boolean value) {
    String status = value ? "True" : "False";
    if (old != null) {
      for (MachineConfigPool.Condition c : old.conditions) {
        if (type.equals(c.type) && status.equals(c.status)) {
          return c;
        }
      }
    }
    return new MachineConfigPool.Condition(type, status, "", "", Instant.now().toString());
  }

  private boolean sameStatus(MachineConfigPool.Status a, MachineConfigPool.Status b) {
    var json = client.getKubernetesSerialization();
    return a != null && json.asJson(a).equals(json.asJson(b));
  }

  private Node annotate(String node, Map<String, String> changes) {
    Node seen = client.nodes().withName(node).get();
    return client
        .nodes()
        .withName(node)
        .patch(
            PatchContext.of(PatchType.JSON),
            client
                .getKubernetesSerialization()
                .asJson(Meta.mapPatch(seen, "annotations", changes)));
  }

  /** Custom pools win over worker; a node in no pool is left alone. */
  private static String poolOf(Node node, List<MachineConfigPool> pools) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    String fallback = null;
    for (MachineConfigPool pool : pools) {
      String name = pool.getMetadata().getName();
      if (pool.getSpec() == null || !Meta.matches(pool.getSpec().nodeSelector, labels)) {
        continue;
      }
      if (name.equals(Names.POOL_WORKER) || name.equals(Names.POOL_MASTER)) {
        fallback = fallback == null || name.equals(Names.POOL_MASTER) ? name : fallback;
      } else {
        return name;
      }
    }
    return fallback;
  }

  private static String render(
      MachineConfigPool pool, List<MachineConfig> mcs, List<ContainerRuntimeConfig> crcs) {
    Map<String, String> poolLabels =
        pool.getMetadata().getLabels() == null ? Map.of() : pool.getMetadata().getLabels();
    TreeSet<String> parts = new TreeSet<>();
    for (MachineConfig mc : mcs) {
      Map<String, String> labels =
          mc.getMetadata().getLabels() == null ? Map.of() : mc.getMetadata().getLabels();
      if (pool.getSpec() != null && Meta.matches(pool.getSpec().machineConfigSelector, labels)) {
        parts.add(
            mc.getMetadata().getName()
                + "="
                + (mc.getSpec() == null ? "" : String.valueOf(mc.getSpec().extensions)));
      }
    }
    for (ContainerRuntimeConfig crc : crcs) {
      if (crc.getSpec() != null
          && Meta.matches(crc.getSpec().machineConfigPoolSelector, poolLabels)) {
        parts.add(
            "99-" + pool.getMetadata().getName() + "-generated-containerruntime=" + crc.logLevel());
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
      return "rendered-"
          + pool.getMetadata().getName()
          + "-"
          + HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int maxUnavailable(MachineConfigPool pool) {
    IntOrString m = pool.getSpec() == null ? null : pool.getSpec().maxUnavailable;
    return m == null || m.getIntVal() == null ? 1 : Math.max(1, m.getIntVal());
  }

  private static Map<String, String> annotations(Node node) {
    return Meta.annotations(node);
  }
}
