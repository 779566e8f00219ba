package dev.osc.caa.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The registry credentials a pod VM pulls images with ({@code /run/peerpod/auth.json}), merged from
 * the pod's image pull secrets: {@code kubernetes.io/dockerconfigjson} ({@code .dockerconfigjson}:
 * {@code {"auths":{...}}}) and the older {@code kubernetes.io/dockercfg} ({@code .dockercfg}: the
 * registries at the top level). Each registry gets an {@code auth} (base64 of user:password, taken
 * as is when the secret has one); the first secret naming a registry wins, as the kubelet's order
 * does. Pure.
 */
public final class RegistryAuth {
  private RegistryAuth() {}

  public static final String DOCKER_CONFIG_JSON = ".dockerconfigjson";
  public static final String DOCKER_CFG = ".dockercfg";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param secrets the data of each pull secret, in order (values base64, as in a Secret)
   * @return {@code {"auths":{...}}}, or null when no secret holds credentials
   */
  public static String merge(List<Map<String, String>> secrets) {
    ObjectNode auths = JSON.createObjectNode();
    for (Map<String, String> data : secrets) {
      JsonNode registries = registries(data);
      if (registries == null) {
        continue;
      }
      registries
          .fields()
          .forEachRemaining(
              e -> {
                String auth = auth(e.getValue());
                if (auth != null && !auths.has(e.getKey())) {
                  auths.putObject(e.getKey()).put("auth", auth);
                }
              });
    }
    if (auths.isEmpty()) {
      return null;
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("auths", auths);
    return out.toString();
  }

  private static JsonNode registries(Map<String, String> data) {
    try {
      if (data.containsKey(DOCKER_CONFIG_JSON)) {
        return JSON.readTree(decode(data.get(DOCKER_CONFIG_JSON))).get("auths");
      }
      if (data.containsKey(DOCKER_CFG)) {
        return JSON.readTree(decode(data.get(DOCKER_CFG)));
      }
    } catch (IllegalArgumentException | java.io.IOException malformed) {
      // A secret that is not a registry config contributes nothing, as for the kubelet.
    }
    return null;
  }

  /** An auth file entry's base64 user:password ({@code auth}, or username and password). */
  public static String auth(JsonNode entry) {
    if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
      return entry.get("auth").asText();
    }
    if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
      return Base64.getEncoder()
          .encodeToString(
              (entry.get("username").asText() + ":" + entry.get("password").asText())
                  .getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
