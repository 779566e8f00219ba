package dev.osc.caa.cloud.libvirt;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The cloud-init NoCloud seed a pod VM boots with: an ISO labelled {@code cidata} holding {@code
 * user-data} (the adaptor's cloud-config) and {@code meta-data} (the VM's host name). cloud-init
 * finds it by the label on any block device.
 */
final class NoCloudSeed {
  static final String LABEL = "cidata";
  static final String USER_DATA = "user-data";
  static final String META_DATA = "meta-data";

  private NoCloudSeed() {}

  static byte[] iso(String hostname, String userData) {
    return Iso9660Writer.write(
        LABEL,
        Map.of(
            USER_DATA, userData.getBytes(StandardCharsets.UTF_8),
            META_DATA, ("local-hostname: " + hostname + "\n").getBytes(StandardCharsets.UTF_8)),
        ZonedDateTime.now(ZoneId.systemDefault()));
  }
}
