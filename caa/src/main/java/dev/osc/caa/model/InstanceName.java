package dev.osc.caa.model;

import java.util.Locale;

/**
 * Pod VM names: {@code podvm-<pod name>-<first 8 characters of the sandbox id>}, at most 63
 * characters (a DNS label: what every cloud accepts, and the server name of the VM's TLS
 * certificate). The pod name is lower-cased, anything outside {@code [a-z0-9-]} becomes {@code -},
 * and it is cut to 48 characters (and a dash the cut leaves at its end).
 */
public final class InstanceName {
  private InstanceName() {}

  public static final String PREFIX = "podvm-";
  static final int MAX_POD_PART = 63 - PREFIX.length() - 1 - 8;

  public static String of(String podName, String sandboxId) {
    String pod = podName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (pod.length() > MAX_POD_PART) {
      // No dash left dangling before the separator.
      pod = pod.substring(0, MAX_POD_PART).replaceAll("-+$", "");
    }
    String sid = sandboxId.length() > 8 ? sandboxId.substring(0, 8) : sandboxId;
    return PREFIX + pod + "-" + sid.toLowerCase(Locale.ROOT);
  }
}
