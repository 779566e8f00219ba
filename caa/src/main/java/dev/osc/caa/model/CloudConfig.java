package dev.osc.caa.model;

import dev.osc.initdata.InitdataAnnotation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user data a pod VM boots with: a {@code #cloud-config} document whose {@code write_files}
 * put the forwarder's configuration, the registry credentials and the initdata where the VM's
 * services read them. Every file is carried base64-encoded, so no content can break the YAML.
 * Pure.
 */
public final class CloudConfig {
  private CloudConfig() {}

  public static final String FORWARDER_CONFIG_PATH = "/run/peerpod/apf.json";
  public static final String AUTH_JSON_PATH = "/run/peerpod/auth.json";
  public static final String INITDATA_PATH = "/run/peerpod/initdata";
  /** Larger registry credentials are left out (with a log line): user data is capped. */
  public static final int AUTH_JSON_LIMIT = 12288;

  /**
   * @param forwarderConfig the forwarder's JSON configuration
   * @param authJson {@code {"auths":{...}}} from the pod's pull secrets, or null
   * @param initdata the raw initdata document, or null; written gzip'd and base64'd, as the
   *     VM's initdata reader expects
   */
  public static String render(String forwarderConfig, String authJson, String initdata) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(FORWARDER_CONFIG_PATH, forwarderConfig.getBytes(StandardCharsets.UTF_8));
    if (authJson != null && authJson.length() <= AUTH_JSON_LIMIT) {
      files.put(AUTH_JSON_PATH, authJson.getBytes(StandardCharsets.UTF_8));
    }
    if (initdata != null) {
      files.put(INITDATA_PATH, InitdataAnnotation.encode(initdata.getBytes(
          StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
    }
    StringBuilder out = new StringBuilder("#cloud-config\nwrite_files:\n");
    files.forEach((path, content) -> out.append("- path: ").append(path).append('\n')
        .append("  permissions: \"0600\"\n")
        .append("  encoding: b64\n")
        .append("  content: ").append(Base64.getEncoder().encodeToString(content))
        .append('\n'));
    return out.toString();
  }

  /** The files a document of {@link #render} writes, by path: what cloud-init would do. */
  public static Map<String, String> files(String cloudConfig) {
    Map<String, String> out = new LinkedHashMap<>();
    String path = null;
    for (String line : cloudConfig.split("\n")) {
      if (line.startsWith("- path: ")) {
        path = line.substring("- path: ".length());
      } else if (line.startsWith("  content: ") && path != null) {
        out.put(path, new String(Base64.getDecoder().decode(line.substring("  content: "
            .length())), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  /** Whether {@link #render} leaves these credentials out for their size. */
  public static boolean authJsonTooLarge(String authJson) {
    return authJson != null && authJson.length() > AUTH_JSON_LIMIT;
  }
}
