package dev.osc.operator.k8s;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.Provider;
import dev.osc.operator.peerpods.CredentialsRequestModel;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenShift on AWS: peer-pods-secret from the cloud-credential operator, as {@link
 * CredentialsRequestModel} decides, before the configuration is validated. Only where the cluster
 * serves CredentialsRequests (read once, at start) and peer-pods-cm names aws; elsewhere a missing
 * peer-pods-secret is reported by the validation, naming the keys to set. Reads come from the
 * caches; requests are sent only while credentials are missing or stale.
 */
final class CloudCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(CloudCredentials.class);

  /** The CCO's Secret in the operator namespace: watched by name, read only. */
  static final Kind<Secret> CCO_SECRET =
      Kind.named(Secret.class, true, CredentialsRequestModel.CCO_SECRET, null);

  private final KubernetesClient client;
  private final Caches caches;
  private final String namespace;
  private final boolean served;

  CloudCredentials(KubernetesClient client, Caches caches, String namespace) {
    this.client = client;
    this.caches = caches;
    this.namespace = namespace;
    this.served =
        client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(CredentialsRequestModel.CRD)
                .get()
            != null;
    if (served) {
      LOG.info(
          "the cluster serves CredentialsRequests: without a peer-pods-secret of the"
              + " administrator's, AWS credentials come from the cloud-credential operator");
    }
  }

  void ensure(ConfigMap cm) {
    if (!served
        || cm == null
        || cm.getData() == null
        || !Provider.AWS.value().equals(cm.getData().get(PeerPodsKeys.CLOUD_PROVIDER.name()))) {
      return;
    }
    Secret peerPods =
        caches.get(PeerPodsDeployment.SECRET, namespace, PeerPodsKeys.SECRET).orElse(null);
    Secret cco = caches.get(CCO_SECRET, namespace, CredentialsRequestModel.CCO_SECRET).orElse(null);
    switch (CredentialsRequestModel.decide(peerPods, cco)) {
      case REQUEST -> request();
      case WRITE -> {
        client
            .resource(CredentialsRequestModel.peerPodsSecret(namespace, cco))
            .createOr(r -> r.update());
        LOG.info(
            "{} written from {} (the cloud-credential operator's)",
            PeerPodsKeys.SECRET,
            CredentialsRequestModel.CCO_SECRET);
      }
      case KEEP_USERS, NOTHING -> {}
    }
  }

  /** Asks once; a CredentialsRequest already there (ours, or answered) is left as it is. */
  private void request() {
    try {
      client.resource(CredentialsRequestModel.request(namespace)).create();
      LOG.info(
          "CredentialsRequest {}/{} created",
          CredentialsRequestModel.CCO_NAMESPACE,
          CredentialsRequestModel.NAME);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Uninstall: the CCO then deletes its Secret, and the peer-pods-secret made from it goes. */
  void remove() {
    if (served) {
      client.resource(CredentialsRequestModel.request(namespace)).delete();
    }
  }
}
