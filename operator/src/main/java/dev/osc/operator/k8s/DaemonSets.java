package dev.osc.operator.k8s;

import dev.osc.api.v1.KataConfig;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;

/**
 * Our DaemonSets are written only when their desired spec changed, judged by a hash of that spec
 * kept in an annotation: API-server defaulting never makes an unchanged DaemonSet look changed, so
 * a reconcile that changed nothing restarts no pod.
 */
public final class DaemonSets {
  public static final String HASH_ANNOTATION = "kataconfiguration.openshift.io/template-hash";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The DaemonSets of the operator's namespace: the installers' and the adaptor's. */
  public static final Kind<DaemonSet> KIND =
      Kind.namespaced(
          "DaemonSet",
          DaemonSet.class,
          null,
          ds ->
              ds.getMetadata().getAnnotations() == null
                  ? ""
                  : ds.getMetadata().getAnnotations().getOrDefault(HASH_ANNOTATION, ""));

  private final Applier applier;

  public DaemonSets(Applier applier) {
    this.applier = applier;
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
    applier.apply(
        KIND, desired.getMetadata().getNamespace(), desired.getMetadata().getName(), desired);
  }

  public void delete(String namespace, String name) {
    applier.delete(KIND, namespace, name);
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
