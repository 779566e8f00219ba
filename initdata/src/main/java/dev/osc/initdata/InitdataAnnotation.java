package dev.osc.initdata;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The pod annotation that carries initdata to Kata: standard base64 (padded) of gzip of the
 * document's bytes. The same encoding goes into a peer pod VM's user data.
 */
public final class InitdataAnnotation {
  public static final String NAME = "io.katacontainers.config.hypervisor.cc_init_data";

  /** Kubernetes' limit for all of an object's annotations together (keys and values). */
  public static final int KUBERNETES_ANNOTATIONS_LIMIT = 256 * 1024;

  /**
   * Ours, not Kata's (it sets none): a decoded document larger than this is refused, so a small
   * value cannot inflate into gigabytes.
   */
  public static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

  private static final String SUBJECT = "the " + NAME + " value";

  private InitdataAnnotation() {}

  public static String encode(byte[] document) {
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
      out.write(document);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory", e);
    }
    return Base64.getEncoder().encodeToString(gzip.toByteArray());
  }

  /**
   * The document's bytes. Line breaks are ignored, as Go's base64.NewDecoder (which Kata uses)
   * does; anything else that is not base64 is an error.
   */
  public static byte[] decode(String value) {
    byte[] gzip;
    try {
      gzip = Base64.getDecoder().decode(value.replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      throw new InitdataException(SUBJECT + " is not base64: " + e.getMessage());
    }
    if (gzip.length < 2 || (gzip[0] & 0xff) != 0x1f || (gzip[1] & 0xff) != 0x8b) {
      throw new InitdataException(
          SUBJECT
              + " is not gzip: base64 of gzip starts with \"H4sI\";"
              + " was the TOML base64-encoded without gzip?");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      byte[] document = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      if (document.length > MAX_DOCUMENT_BYTES) {
        throw new InitdataException(
            SUBJECT + " decompresses to more than " + MAX_DOCUMENT_BYTES + " bytes");
      }
      return document;
    } catch (IOException e) {
      throw new InitdataException(SUBJECT + " is not valid gzip: " + e.getMessage());
    }
  }
}
