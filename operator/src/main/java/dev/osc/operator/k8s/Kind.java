package dev.osc.operator.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A kind of secondary object the operator reads and writes: the one place that says how its
 * informer cache is scoped (the {@link Caches} key, namespace, label or name) and which of its
 * fields are ours.
 *
 * @param cache the cache's key, unique per informer
 * @param type the model class, {@link GenericKubernetesResource} for kinds the operator has no
 *     class for (cert-manager's), then addressed through {@code generic}
 * @param namespaced watched in the operator's namespace only, else cluster-wide
 * @param labelSelector only objects with these labels are cached (null: all of the kind)
 * @param onlyName only the object of this name is cached (a field selector; null: all)
 */
public record Kind<R extends HasMetadata>(
    String cache,
    Class<R> type,
    ResourceDefinitionContext generic,
    boolean namespaced,
    String labelSelector,
    String onlyName,
    Ownership<R> ownership) {

  public static <R extends HasMetadata> Kind<R> cluster(
      String cache, Class<R> type, String labelSelector, Ownership<R> ownership) {
    return new Kind<>(cache, type, null, false, labelSelector, null, ownership);
  }

  public static <R extends HasMetadata> Kind<R> namespaced(
      String cache, Class<R> type, String labelSelector, Ownership<R> ownership) {
    return new Kind<>(cache, type, null, true, labelSelector, null, ownership);
  }

  /**
   * One named object (RBAC allows only that name), in the operator's namespace when {@code
   * namespaced}; read only when {@code ownership} is null.
   */
  public static <R extends HasMetadata> Kind<R> named(
      Class<R> type, boolean namespaced, String name, Ownership<R> ownership) {
    return new Kind<>(
        type.getSimpleName() + "/" + name, type, null, namespaced, null, name, ownership);
  }

  public static Kind<GenericKubernetesResource> generic(
      ResourceDefinitionContext context,
      String labelSelector,
      Ownership<GenericKubernetesResource> ownership) {
    return new Kind<>(
        context.getKind(),
        GenericKubernetesResource.class,
        context,
        context.isNamespaceScoped(),
        labelSelector,
        null,
        ownership);
  }

  /** The kind's name in logs: "DaemonSet", "Issuer". */
  String kindName() {
    return generic != null ? generic.getKind() : type.getSimpleName();
  }

  /** The API of this kind, in {@code namespace} when namespaced. */
  @SuppressWarnings("unchecked")
  NonNamespaceOperation<R, ?, Resource<R>> api(KubernetesClient client, String namespace) {
    if (generic != null) {
      return (NonNamespaceOperation<R, ?, Resource<R>>)
          (Object) client.genericKubernetesResources(generic).inNamespace(namespace);
    }
    var all = client.resources(type);
    return namespaced ? all.inNamespace(namespace) : all;
  }
}
