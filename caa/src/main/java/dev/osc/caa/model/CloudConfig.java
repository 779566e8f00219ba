package dev.osc.caa.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user data a pod VM boots with, as upstream's adaptor writes it: a {@code #cloud-config}
 * document whose {@code write_files} put the forwarder's configuration, the registry credentials
 * and the initdata where the VM's services read them, each as a literal block ({@code content: |})
 * with no encoding. Upstream's pod VM images read it with their {@code process-user-data}, which
 * writes {@code content} as it stands (it ignores {@code encoding}), so nothing else would reach
 * them intact. Pure.
 */
public final class CloudConfig {
  private CloudConfig() {}

  public static final String FORWARDER_CONFIG_PATH = "/run/peerpod/apf.json";
  public static final String AUTH_JSON_PATH = "/run/peerpod/auth.json";
  public static final String INITDATA_PATH = "/run/peerpod/initdata";

  /** Larger registry credentials are left out (with a log line), as upstream does. */
  public static final int AUTH_JSON_LIMIT = 12288;

  private static final String CONTENT_INDENT = "      ";

  /**
   * @param forwarderConfig apf.json
   * @param authJson {@code {"auths":{...}}} from the pod's pull secrets, or null; left out when
   *     larger than {@link #AUTH_JSON_LIMIT}
   * @param initdata the initdata as the annotation carries it (gzip, then base64), or null
   */
  public static String render(String forwarderConfig, String authJson, String initdata) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(FORWARDER_CONFIG_PATH, forwarderConfig);
    if (authJson != null && !authJsonTooLarge(authJson)) {
      files.put(AUTH_JSON_PATH, authJson);
    }
    if (initdata != null) {
      files.put(INITDATA_PATH, initdata);
    }
    StringBuilder out = new StringBuilder("#cloud-config\n\nwrite_files:\n");
    files.forEach(
        (path, content) -> {
          out.append("  - path: ").append(path).append('\n');
          if (!content.isEmpty()) {
            out.append("    content: |\n");
            for (String line : lines(content)) {
              out.append(CONTENT_INDENT).append(line).append('\n');
            }
          }
        });
    return out.toString();
  }

  /**
   * The files a document of {@link #render} writes, by path, as a YAML reader gives them: each
   * literal block's lines, each ending with a newline.
   */
  public static Map<String, String> files(String cloudConfig) {
    Map<String, String> out = new LinkedHashMap<>();
    String path = null;
    StringBuilder content = null;
    for (String line : cloudConfig.split("\n", -1)) {
      if (content != null && (line.startsWith(CONTENT_INDENT) || line.isBlank())) {
        if (line.startsWith(CONTENT_INDENT)) {
          content.append(line.substring(CONTENT_INDENT.length()));
        }
        content.append('\n');
        continue;
      }
      if (content != null) {
        out.put(path, clip(content));
        content = null;
      }
      if (line.startsWith("  - path: ")) {
        path = line.substring("  - path: ".length());
        out.put(path, "");
      } else if (line.equals("    content: |") && path != null) {
        content = new StringBuilder();
      }
    }
    if (content != null) {
      out.put(path, clip(content));
    }
    return out;
  }

  /** YAML's clip chomping: one final newline, trailing empty lines dropped. */
  private static String clip(StringBuilder content) {
    int end = content.length();
    while (end > 0 && content.charAt(end - 1) == '\n') {
      end--;
    }
    return content.substring(0, end) + "\n";
  }

  /** Whether {@link #render} leaves these credentials out for their size. */
  public static boolean authJsonTooLarge(String authJson) {
    return authJson != null && authJson.length() > AUTH_JSON_LIMIT;
  }

  /** Upstream's splitLines: the lines, without an empty one after a final newline. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
