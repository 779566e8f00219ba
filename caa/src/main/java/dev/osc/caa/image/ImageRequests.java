package dev.osc.caa.image;

import static dev.osc.api.peerpods.PodVmImageKeys.AMI_BASE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VERSION_MAJ_MIN;
import static dev.osc.api.peerpods.PodVmImageKeys.AWS_PODVM_IMAGE_CM;
import static dev.osc.api.peerpods.PodVmImageKeys.IMAGE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.LIBVIRT_PODVM_IMAGE_CM;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_IMAGE_URI;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_SNAPSHOT_ID;

import dev.osc.api.peerpods.Provider;
import dev.osc.caa.image.oci.OciFile;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The image request of a provider from the image Job's environment (the provider's {@code
 * <provider>-podvm-image-cm}). Errors name the key and the ConfigMap it belongs in.
 */
public final class ImageRequests {
  public static final String DEFAULT_AMI_BASE_NAME = "podvm-image";
  public static final String DEFAULT_AMI_VERSION = "0.0";

  /** libvirt: upstream's base volume name. */
  public static final String DEFAULT_VOLUME = "podvm-base.qcow2";

  /** PODVM_IMAGE_URI of a qcow2 file the Job's pod can read (besides oci:: images). */
  public static final String FILE_PREFIX = "file::";

  private static final Pattern SNAPSHOT = Pattern.compile("snap-[0-9a-f]{8,17}");

  /** Each creation gets a new name: EC2 refuses a name already in use. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private ImageRequests() {}

  /** Throws IllegalArgumentException naming the key when the environment cannot say. */
  public static ImageRequest of(Provider provider, Map<String, String> env, Instant now) {
    return switch (provider) {
      case AWS -> aws(env, now);
      case LIBVIRT -> libvirt(env);
      default ->
          throw new IllegalArgumentException(
              "CLOUD_PROVIDER: pod VM images are made"
                  + " for aws and libvirt only, not '"
                  + provider
                  + "'");
    };
  }

  private static ImageRequest aws(Map<String, String> env, Instant now) {
    String snapshot = get(env, PODVM_SNAPSHOT_ID, null);
    if (snapshot == null) {
      throw new IllegalArgumentException(
          PODVM_SNAPSHOT_ID
              + " is required in "
              + AWS_PODVM_IMAGE_CM
              + ": the EBS snapshot of the pod VM disk to register the AMI"
              + " from");
    }
    if (!SNAPSHOT.matcher(snapshot).matches()) {
      throw new IllegalArgumentException(
          PODVM_SNAPSHOT_ID + ": '" + snapshot + "' is not a snapshot id (snap-<hex>)");
    }
    String name =
        get(env, AMI_BASE_NAME, DEFAULT_AMI_BASE_NAME)
            + "-"
            + get(env, AMI_VERSION_MAJ_MIN, DEFAULT_AMI_VERSION)
            + "."
            + STAMP.format(now);
    return new ImageRequest(name, snapshot);
  }

  private static ImageRequest libvirt(Map<String, String> env) {
    String uri = get(env, PODVM_IMAGE_URI, null);
    if (uri == null) {
      throw new IllegalArgumentException(
          PODVM_IMAGE_URI
              + " is required in "
              + LIBVIRT_PODVM_IMAGE_CM
              + ": "
              + OciFile.PREFIX
              + "<image>::<path in the image> or "
              + FILE_PREFIX
              + "<path of a qcow2 file>");
    }
    String name = get(env, IMAGE_NAME, DEFAULT_VOLUME);
    if (OciFile.isOci(uri)) {
      OciFile.parse(uri);
      return new ImageRequest(name, uri);
    }
    if (uri.startsWith("bootc::")) {
      throw new IllegalArgumentException(
          PODVM_IMAGE_URI
              + ": 'bootc::' images are not"
              + " supported by osc; give "
              + OciFile.PREFIX
              + "<image>::<path> or "
              + FILE_PREFIX
              + "<path>");
    }
    if (!uri.startsWith(FILE_PREFIX) || uri.length() == FILE_PREFIX.length()) {
      throw new IllegalArgumentException(
          PODVM_IMAGE_URI
              + ": '"
              + uri
              + "' is not "
              + OciFile.PREFIX
              + "<image>::<path> or "
              + FILE_PREFIX
              + "<path of a qcow2 file>");
    }
    return new ImageRequest(name, uri.substring(FILE_PREFIX.length()));
  }

  private static String get(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
