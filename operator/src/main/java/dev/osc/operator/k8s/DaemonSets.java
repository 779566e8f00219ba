package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our DaemonSets are written only when their desired spec changed, judged by a hash of that spec
 * kept in an annotation: API-server defaulting never makes an unchanged DaemonSet look changed,
 * so a reconcile that changed nothing restarts no pod.
 */
public final class DaemonSets {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonSets.class);
  public static final String HASH_ANNOTATION = "kataconfiguration.openshift.io/template-hash";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final KubernetesClient client;

  public DaemonSets(KubernetesClient client) {
    this.client = client;
  }

  /** Creates the DaemonSet, or replaces it when its spec changed; never touches an equal one. */
  public void ensure(KataConfig kc, DaemonSet desired) {
    Owned.label(desired, kc);
    var annotations = new HashMap<String, String>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(HASH_ANNOTATION, hash(desired));
    desired.getMetadata().setAnnotations(annotations);
    String ns = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    DaemonSet existing = client.apps().daemonSets().inNamespace(ns).withName(name).get();
    if (existing == null) {
      LOG.info("creating DaemonSet {}/{}", ns, name);
      client.resource(desired).create();
      return;
    }
    String have = existing.getMetadata().getAnnotations() == null
        ? null : existing.getMetadata().getAnnotations().get(HASH_ANNOTATION);
    if (!Objects.equals(annotations.get(HASH_ANNOTATION), have)) {
      LOG.info("updating DaemonSet {}/{} (spec changed)", ns, name);
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.resource(desired).update();
    }
  }

  public void delete(String namespace, String name) {
    if (client.apps().daemonSets().inNamespace(namespace).withName(name).get() != null) {
      LOG.info("deleting DaemonSet {}/{}", namespace, name);
      client.apps().daemonSets().inNamespace(namespace).withName(name).delete();
    }
  }

  static String hash(DaemonSet ds) {
    try {
      byte[] json = JSON.asJson(ds.getSpec()).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
