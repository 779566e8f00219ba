package dev.osc.caa.image;

import static dev.osc.api.peerpods.PodVmImageKeys.AMI_BASE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VERSION;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VERSION_MAJ_MIN;
import static dev.osc.api.peerpods.PodVmImageKeys.AMI_VOLUME_SIZE;
import static dev.osc.api.peerpods.PodVmImageKeys.BUCKET_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.IMAGE_NAME;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_IMAGE_URI;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_SNAPSHOT_ID;

import dev.osc.api.peerpods.PodVmImageKeys;
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

  /** PODVM_IMAGE_URI of a disk file the Job's pod can read (besides oci:: images). */
  public static final String FILE_PREFIX = "file::";

  private static final Pattern SNAPSHOT = Pattern.compile("snap-[0-9a-f]{8,17}");

  /** S3's rules for new bucket names, without the IP-address and prefix special cases. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** EBS's largest gp3 volume. */
  static final int MAX_VOLUME_GIB = 16384;

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
    String version = get(env, AMI_VERSION_MAJ_MIN, get(env, AMI_VERSION, DEFAULT_AMI_VERSION));
    String name =
        get(env, AMI_BASE_NAME, DEFAULT_AMI_BASE_NAME) + "-" + version + "." + STAMP.format(now);
    String snapshot = get(env, PODVM_SNAPSHOT_ID, null);
    if (snapshot != null) {
      if (!SNAPSHOT.matcher(snapshot).matches()) {
        throw new IllegalArgumentException(
            PODVM_SNAPSHOT_ID + ": '" + snapshot + "' is not a snapshot id (snap-<hex>)");
      }
      return new ImageRequest(name, snapshot);
    }
    String bucket = get(env, BUCKET_NAME, "");
    if (!bucket.isEmpty() && !BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          BUCKET_NAME
              + ": '"
              + bucket
              + "' is not an S3 bucket name (3-63 lower case letters, digits, '.', '-')");
    }
    return new ImageRequest(
        name, disk(env, Provider.AWS), bucket, volumeGiB(get(env, AMI_VOLUME_SIZE, "0")));
  }

  private static int volumeGiB(String value) {
    try {
      int gib = Integer.parseInt(value);
      if (gib >= 0 && gib <= MAX_VOLUME_GIB) {
        return gib;
      }
    } catch (NumberFormatException e) {
      // the message below says what is wanted
    }
    throw new IllegalArgumentException(
        AMI_VOLUME_SIZE + ": '" + value + "' is not a size in GiB (1 to " + MAX_VOLUME_GIB + ")");
  }

  private static ImageRequest libvirt(Map<String, String> env) {
    return new ImageRequest(get(env, IMAGE_NAME, DEFAULT_VOLUME), disk(env, Provider.LIBVIRT));
  }

  /**
   * PODVM_IMAGE_URI checked: an {@code oci::} URI as is, a {@code file::} path without its prefix;
   * empty means the provider's default image, as the docs' {@code ""} does.
   */
  private static String disk(Map<String, String> env, Provider provider) {
    String uri = get(env, PODVM_IMAGE_URI, PodVmImageKeys.defaultImageUri(provider));
    if (OciFile.isOci(uri)) {
      OciFile.parse(uri);
      return uri;
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
              + "<path of a disk file>");
    }
    return uri.substring(FILE_PREFIX.length());
  }

  private static String get(Map<String, String> env, String key, String fallback) {
    String value = env.get(key);
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
