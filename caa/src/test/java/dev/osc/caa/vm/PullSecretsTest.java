package dev.osc.caa.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osc.caa.model.RegistryAuth;
import dev.osc.testkit.MockApi;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Docs 3.6: a pull secret in the pod manifest, or linked to the default service account. */
class PullSecretsTest {
  private static String config(String registry, String auth) {
    return Base64.getEncoder()
        .encodeToString(
            ("{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}")
                .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsThePodsSecretsThenItsServiceAccounts() {
    try (MockApi api = new MockApi()) {
      var client = api.client();
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("pull-secret")
                  .withNamespace("shop")
                  .endMetadata()
                  .withType("kubernetes.io/dockerconfigjson")
                  .addToData(RegistryAuth.DOCKER_CONFIG_JSON, config("registry.redhat.io", "cmVk"))
                  .build())
          .create();
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("linked")
                  .withNamespace("shop")
                  .endMetadata()
                  .addToData(RegistryAuth.DOCKER_CONFIG_JSON, config("quay.io", "cXVheQ=="))
                  .build())
          .create();
      client
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .withNamespace("shop")
                  .endMetadata()
                  .addNewImagePullSecret("linked")
                  .build())
          .create();
      client
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("web")
                  .withNamespace("shop")
                  .endMetadata()
                  .withNewSpec()
                  .addNewImagePullSecret("pull-secret")
                  .addNewImagePullSecret("missing")
                  .endSpec()
                  .build())
          .create();

      assertThat(new PullSecrets(client).authJson("shop", "web"))
          .isEqualTo(
              "{\"auths\":{\"registry.redhat.io\":{\"auth\":\"cmVk\"},"
                  + "\"quay.io\":{\"auth\":\"cXVheQ==\"}}}");
      assertThat(new PullSecrets(client).authJson("shop", "gone")).isNull();
    }
  }
}
