package dev.osc.api.peerpods;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over the effective ConfigMap data and the secret data, so the cloud-api-adaptor DaemonSet
 * is rolled when either changes. Entries are hashed in key order with length prefixes, so map order
 * does not matter and no two different contents encode alike.
 */
final class ContentHash {
  private ContentHash() {}

  static String of(Map<String, String> configMap, Map<String, String> secret) {
    MessageDigest digest = sha256();
    update(digest, configMap);
    update(digest, secret);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, Map<String, String> data) {
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(data.size()).array());
    new TreeMap<>(data)
        .forEach(
            (key, value) -> {
              update(digest, key);
              update(digest, value == null ? "" : value);
            });
  }

  private static void update(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
