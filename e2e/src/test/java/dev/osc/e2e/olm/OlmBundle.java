package dev.osc.e2e.olm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.osc.api.PeerPods;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The OLM bundle (bundle/) and file-based catalog (catalog/), generated from the plain manifests in
 * deploy/ so the two installs cannot drift: the CRDs are copied, the operator Deployment and the
 * RBAC become the CSV's install strategy. What the CSV adds (descriptions, install modes, related
 * images) is here. Pure: deploy/ in, file contents out.
 *
 * <p>No webhookdefinitions: the operator's admission webhook is not part of the install. The
 * operator creates it (Deployment, certificate, configurations) when a KataConfig enables peer
 * pods, and removes it again; OLM owning it as well would give it two owners.
 *
 * <p>Install modes: OwnNamespace and SingleNamespace. The operator works in the namespace it runs
 * in (OPERATOR_NAMESPACE from the Deployment's own namespace): its DaemonSets, webhook, Jobs and
 * the peer-pods-cm / peer-pods-secret the guides create live there, and its Role is granted there.
 * The guides install it into openshift-sandboxed-containers-operator with an OperatorGroup
 * targeting that namespace (OwnNamespace). AllNamespaces is not offered, unlike Red Hat's operator:
 * it installs into openshift-operators, where the guides' ConfigMap and Secret would never be read.
 */
final class OlmBundle {
  static final String PACKAGE = "sandboxed-containers-operator";
  static final String CHANNEL = "stable";
  static final String NAMESPACE = "openshift-sandboxed-containers-operator";
  static final String CSV_FILE = "bundle/manifests/" + PACKAGE + ".clusterserviceversion.yaml";
  static final String CATALOG_FILE = "catalog/" + PACKAGE + "/catalog.yaml";
  static final String ANNOTATIONS_FILE = "bundle/metadata/annotations.yaml";

  /** An owned CRD's description in the console, by the CRD's file in deploy/. */
  record Owned(String deployFile, String displayName, String description) {}

  static final List<Owned> OWNED =
      List.of(
          new Owned(
              "01-crd-kataconfigs.yaml",
              "KataConfig",
              "Installs Kata Containers (the kata and, with enablePeerPods, kata-remote runtime"
                  + " classes) on the selected worker nodes, and removes it when deleted."),
          new Owned(
              "01-crd-peerpodconfigs.yaml",
              "PeerPodConfig",
              "Peer pods settings the operator makes from peer-pods-cm: the cloud credentials"
                  + " Secret, the settings ConfigMap and the pod VM limit per node."),
          new Owned(
              "01-crd-peerpods.yaml",
              "PeerPod",
              "One pod VM of a peer pod, recorded by the cloud-api-adaptor and owned by the pod,"
                  + " so the VM is deleted with the pod."));

  /** Kinds of deploy/ that the CSV carries in another form, or that OLM makes itself. */
  private static final List<String> FOLDED =
      List.of(
          "Namespace",
          "ServiceAccount",
          "Role",
          "RoleBinding",
          "ClusterRole",
          "ClusterRoleBinding",
          "Deployment",
          "CustomResourceDefinition");

  private static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .build())
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private OlmBundle() {}

  /** Every generated file, by its path relative to the repository root. */
  static Map<String, String> generate(Path repo) throws IOException {
    Map<String, List<ObjectNode>> deploy = readDeploy(repo.resolve("deploy"));
    ObjectNode operator = only(deploy, "Deployment");
    String image = operator.at("/spec/template/spec/containers/0/image").asText();
    String version = image.substring(image.lastIndexOf(':') + 1);
    String csvName = PACKAGE + ".v" + version;
    String bundleImage = sibling(image, "osc-bundle");

    Map<String, String> files = new TreeMap<>();
    List<ObjectNode> crds = new ArrayList<>();
    for (Owned o : OWNED) {
      String text = Files.readString(repo.resolve("deploy").resolve(o.deployFile()));
      // Without deploy/'s header and its "---": OLM reads a bundle file's first document only.
      String body = text.replaceFirst("^(#[^\n]*\n)*---\n", "");
      files.put(
          "bundle/manifests/" + o.deployFile().replaceFirst("^01-crd-", ""),
          "# Copy of deploy/"
              + o.deployFile()
              + " (OlmBundleTest, -Dosc.updateBundle=true)\n"
              + body);
      crds.add((ObjectNode) YAML.readTree(text));
    }
    files.put(
        CSV_FILE, YAML.writeValueAsString(csv(repo, deploy, operator, crds, csvName, version)));
    files.put(ANNOTATIONS_FILE, YAML.writeValueAsString(annotations()));
    files.put(CATALOG_FILE, catalog(crds, csvName, version, bundleImage, operator));
    return files;
  }

  private static ObjectNode csv(
      Path repo,
      Map<String, List<ObjectNode>> deploy,
      ObjectNode operator,
      List<ObjectNode> crds,
      String csvName,
      String version)
      throws IOException {
    String image = operator.at("/spec/template/spec/containers/0/image").asText();
    ObjectNode csv = F.objectNode();
    csv.put("apiVersion", "operators.coreos.com/v1alpha1");
    csv.put("kind", "ClusterServiceVersion");
    ObjectNode meta = csv.putObject("metadata");
    meta.put("name", csvName);
    meta.put("namespace", "placeholder");
    ObjectNode ann = meta.putObject("annotations");
    ArrayNode examples = F.arrayNode();
    examples.add(YAML.readTree(repo.resolve("examples/example-kataconfig.yaml").toFile()));
    // The one the operator makes from peer-pods-cm, which the guides patch (spec.limit).
    ObjectNode ppc = examples.addObject();
    ppc.put("apiVersion", "confidentialcontainers.org/v1alpha1").put("kind", "PeerPodConfig");
    ppc.putObject("metadata").put("name", PeerPods.PEERPODCONFIG_NAME).put("namespace", NAMESPACE);
    ppc.putObject("spec")
        .put("cloudSecretName", "peer-pods-secret")
        .put("configMapName", "peer-pods-cm")
        .put("limit", "10");
    ann.put("alm-examples", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(examples));
    ann.put("capabilities", "Full Lifecycle");
    ann.put("categories", "Security");
    ann.put("containerImage", image);
    ann.put("description", "Runs pods in lightweight VMs: Kata Containers and peer pods.");
    ann.put("operatorframework.io/suggested-namespace", NAMESPACE);
    ann.put(
        "operators.operatorframework.io/internal-objects",
        "[\"peerpods.confidentialcontainers.org\"]");
    ObjectNode labels = meta.putObject("labels");
    labels.put("operatorframework.io/arch.amd64", "supported");
    labels.put("operatorframework.io/os.linux", "supported");

    ObjectNode spec = csv.putObject("spec");
    spec.put("displayName", "OpenShift sandboxed containers Operator");
    spec.put(
        "description",
        "Installs Kata Containers on the selected worker nodes (KataConfig) and, with peer pods,"
            + " runs pods of the kata-remote runtime class in cloud VMs (AWS, libvirt / IBM Z)"
            + " through the cloud-api-adaptor DaemonSet it deploys.\n\nCreate the"
            + " peer-pods-secret and peer-pods-cm in "
            + NAMESPACE
            + " first when you use peer pods, then a KataConfig.");
    spec.put("version", version);
    spec.put("maturity", "alpha");
    spec.put("minKubeVersion", "1.28.0");
    spec.putObject("provider").put("name", "osc-java");
    spec.putArray("keywords").add("kata").add("sandboxed-containers").add("peer-pods");
    spec.putArray("links")
        .addObject()
        .put("name", "Documentation")
        .put("url", "https://docs.redhat.com/en/documentation/openshift_sandboxed_containers/");
    ArrayNode owned = spec.putObject("customresourcedefinitions").putArray("owned");
    for (int i = 0; i < OWNED.size(); i++) {
      ObjectNode crd = crds.get(i);
      owned
          .addObject()
          .put("name", crd.at("/metadata/name").asText())
          .put("version", crd.at("/spec/versions/0/name").asText())
          .put("kind", crd.at("/spec/names/kind").asText())
          .put("displayName", OWNED.get(i).displayName())
          .put("description", OWNED.get(i).description());
    }

    ObjectNode install = spec.putObject("install");
    install.put("strategy", "deployment");
    ObjectNode strategy = install.putObject("spec");
    Map<String, List<JsonNode>> namespaced = new LinkedHashMap<>();
    Map<String, List<JsonNode>> cluster = new LinkedHashMap<>();
    for (ObjectNode sa : deploy.getOrDefault("ServiceAccount", List.of())) {
      namespaced.put(sa.at("/metadata/name").asText(), new ArrayList<>());
    }
    bind(deploy, "RoleBinding", namespaced);
    bind(deploy, "ClusterRoleBinding", cluster);
    strategy.set("clusterPermissions", permissions(cluster, false));
    ObjectNode d = strategy.putArray("deployments").addObject();
    d.put("name", operator.at("/metadata/name").asText());
    d.set("label", operator.at("/metadata/labels"));
    d.set("spec", operator.get("spec"));
    strategy.set("permissions", permissions(namespaced, true));

    ArrayNode modes = spec.putArray("installModes");
    for (String[] m :
        new String[][] {
          {"OwnNamespace", "true"},
          {"SingleNamespace", "true"},
          {"MultiNamespace", "false"},
          {"AllNamespaces", "false"}
        }) {
      modes.addObject().put("type", m[0]).put("supported", Boolean.parseBoolean(m[1]));
    }
    spec.set("relatedImages", relatedImages(operator));
    return csv;
  }

  /** The images the operator runs or deploys, from its Deployment: its own and *_IMAGE values. */
  static ArrayNode relatedImages(ObjectNode operator) {
    ArrayNode related = F.arrayNode();
    related
        .addObject()
        .put("name", "osc")
        .put("image", operator.at("/spec/template/spec/containers/0/image").asText());
    for (JsonNode env : operator.at("/spec/template/spec/containers/0/env")) {
      String name = env.path("name").asText();
      if (name.endsWith("_IMAGE") && !name.equals("OSC_IMAGE") && env.has("value")) {
        related
            .addObject()
            .put(
                "name",
                name.replace("_IMAGE", "").toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
            .put("image", env.get("value").asText());
      }
    }
    return related;
  }

  /** Each binding's role rules go to the service accounts it binds. */
  private static void bind(
      Map<String, List<ObjectNode>> deploy, String bindingKind, Map<String, List<JsonNode>> out) {
    for (ObjectNode binding : deploy.getOrDefault(bindingKind, List.of())) {
      String roleKind = binding.at("/roleRef/kind").asText();
      String roleName = binding.at("/roleRef/name").asText();
      ObjectNode role =
          deploy.getOrDefault(roleKind, List.of()).stream()
              .filter(r -> r.at("/metadata/name").asText().equals(roleName))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          bindingKind
                              + " "
                              + binding.at("/metadata/name").asText()
                              + ": roleRef "
                              + roleKind
                              + " "
                              + roleName
                              + " is not in deploy/"));
      for (JsonNode subject : binding.path("subjects")) {
        if (!subject.path("kind").asText().equals("ServiceAccount")) {
          throw new IllegalArgumentException(
              bindingKind
                  + " "
                  + binding.at("/metadata/name").asText()
                  + ": OLM grants permissions to service accounts only, not to "
                  + subject.path("kind").asText());
        }
        List<JsonNode> rules =
            out.computeIfAbsent(subject.path("name").asText(), k -> new ArrayList<>());
        role.path("rules").forEach(rules::add);
      }
    }
  }

  /** Service accounts without namespaced rules still need an entry: OLM creates them from it. */
  private static ArrayNode permissions(Map<String, List<JsonNode>> bySa, boolean keepEmpty) {
    ArrayNode out = F.arrayNode();
    bySa.forEach(
        (sa, rules) -> {
          if (!rules.isEmpty() || keepEmpty) {
            ObjectNode p = out.addObject().put("serviceAccountName", sa);
            p.putArray("rules").addAll(rules);
          }
        });
    return out;
  }

  private static ObjectNode annotations() {
    ObjectNode root = F.objectNode();
    root.putObject("annotations")
        .put("operators.operatorframework.io.bundle.mediatype.v1", "registry+v1")
        .put("operators.operatorframework.io.bundle.manifests.v1", "manifests/")
        .put("operators.operatorframework.io.bundle.metadata.v1", "metadata/")
        .put("operators.operatorframework.io.bundle.package.v1", PACKAGE)
        .put("operators.operatorframework.io.bundle.channels.v1", CHANNEL)
        .put("operators.operatorframework.io.bundle.channel.default.v1", CHANNEL);
    return root;
  }

  /** olm.package, olm.channel and olm.bundle, as `opm render` would make them from the bundle. */
  private static String catalog(
      List<ObjectNode> crds,
      String csvName,
      String version,
      String bundleImage,
      ObjectNode operator)
      throws IOException {
    ObjectNode pkg = F.objectNode();
    pkg.put("schema", "olm.package");
    pkg.put("name", PACKAGE);
    pkg.put("defaultChannel", CHANNEL);
    pkg.put("description", "OpenShift sandboxed containers: Kata Containers and peer pods.");
    ObjectNode channel = F.objectNode();
    channel.put("schema", "olm.channel");
    channel.put("package", PACKAGE);
    channel.put("name", CHANNEL);
    channel.putArray("entries").addObject().put("name", csvName);
    ObjectNode bundle = F.objectNode();
    bundle.put("schema", "olm.bundle");
    bundle.put("name", csvName);
    bundle.put("package", PACKAGE);
    bundle.put("image", bundleImage);
    ArrayNode props = bundle.putArray("properties");
    props
        .addObject()
        .put("type", "olm.package")
        .putObject("value")
        .put("packageName", PACKAGE)
        .put("version", version);
    for (ObjectNode crd : crds) {
      props
          .addObject()
          .put("type", "olm.gvk")
          .putObject("value")
          .put("group", crd.at("/spec/group").asText())
          .put("kind", crd.at("/spec/names/kind").asText())
          .put("version", crd.at("/spec/versions/0/name").asText());
    }
    ArrayNode related = relatedImages(operator);
    related.insert(0, F.objectNode().put("name", "bundle").put("image", bundleImage));
    bundle.set("relatedImages", related);
    StringBuilder out = new StringBuilder();
    for (ObjectNode doc : List.of(pkg, channel, bundle)) {
      out.append("---\n").append(YAML.writeValueAsString(doc));
    }
    return out.toString();
  }

  /** deploy/*.yaml by kind; a kind OLM cannot carry is an error naming its file. */
  static Map<String, List<ObjectNode>> readDeploy(Path dir) throws IOException {
    Map<String, List<ObjectNode>> byKind = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (var docs = YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile())) {
        while (docs.hasNext()) {
          ObjectNode doc = docs.next();
          if (doc == null || doc.isEmpty()) {
            continue;
          }
          String kind = doc.path("kind").asText();
          if (!FOLDED.contains(kind)) {
            throw new IllegalArgumentException(
                "deploy/"
                    + file.getFileName()
                    + ": kind "
                    + kind
                    + " has no place in the OLM bundle yet; teach OlmBundle where it goes");
          }
          byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(doc);
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return byKind;
  }

  /** The image named {@code name} next to the operator's, with its tag: bundle, catalog. */
  static String sibling(String operatorImage, String name) {
    int slash = operatorImage.lastIndexOf('/');
    int colon = operatorImage.lastIndexOf(':');
    return operatorImage.substring(0, slash + 1) + name + operatorImage.substring(colon);
  }

  private static ObjectNode only(Map<String, List<ObjectNode>> deploy, String kind) {
    List<ObjectNode> all = deploy.getOrDefault(kind, List.of());
    if (all.size() != 1) {
      throw new IllegalArgumentException(
          "deploy/ must hold exactly one " + kind + " (the operator), found " + all.size());
    }
    return all.get(0);
  }
}
