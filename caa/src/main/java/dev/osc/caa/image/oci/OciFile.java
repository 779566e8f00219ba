package dev.osc.caa.image.oci;

import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_IMAGE_URI;

import java.util.regex.Pattern;

/**
 * A file inside a container image, as the IBM Z guide's {@code libvirt-podvm-image-cm} names the
 * pod VM disk: {@code PODVM_IMAGE_URI: "oci::<image_repo_url>:<image_tag>::<image_path>"}, the path
 * defaulting to {@code /image/podvm.qcow2} (where the guide's Containerfile copies it).
 *
 * @param registry the registry host (and port) to talk to
 * @param repository the repository within it
 * @param reference the tag, or a {@code sha256:} digest
 * @param path the file's absolute path in the image
 */
public record OciFile(String registry, String repository, String reference, String path) {
  public static final String PREFIX = "oci::";
  public static final String DEFAULT_PATH = "/image/podvm.qcow2";

  /** Docker Hub's names: no registry part means docker.io, one path part means library/. */
  static final String DOCKER_HUB = "registry-1.docker.io";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?");

  /** Whether the URI is of this form (and {@link #parse} applies). */
  public static boolean isOci(String uri) {
    return uri.startsWith(PREFIX);
  }

  /**
   * Parses {@code oci::<image>[::<path>]}; throws IllegalArgumentException naming PODVM_IMAGE_URI
   * and what is wrong.
   */
  public static OciFile parse(String uri) {
    String body = uri.substring(PREFIX.length());
    int sep = body.indexOf("::");
    String image = sep < 0 ? body : body.substring(0, sep);
    String path =
        sep < 0 || body.substring(sep + 2).isBlank() ? DEFAULT_PATH : body.substring(sep + 2);
    if (image.isBlank()) {
      throw bad(uri, "no image: the form is oci::<registry>/<repository>:<tag>::<path>");
    }
    if (image.contains("://")) {
      throw bad(
          uri,
          "the image is named without a scheme (quay.io/org/podvm:tag);"
              + " registries are reached over HTTPS");
    }
    if (!path.startsWith("/") || path.endsWith("/") || path.contains("/../")) {
      throw bad(uri, "the path in the image must be absolute and name a file, not '" + path + "'");
    }
    String registry = DOCKER_HUB;
    String rest = image;
    int slash = image.indexOf('/');
    if (slash > 0) {
      String first = image.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first.equals("docker.io") ? DOCKER_HUB : first;
        rest = image.substring(slash + 1);
      }
    }
    if (!HOST.matcher(registry).matches()) {
      throw bad(uri, "'" + registry + "' is not a registry host[:port]");
    }
    String reference;
    int at = rest.indexOf('@');
    int colon = rest.lastIndexOf(':');
    if (at >= 0) {
      reference = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(reference).matches()) {
        throw bad(uri, "'" + reference + "' is not a sha256:<64 hex> digest");
      }
    } else if (colon > rest.lastIndexOf('/')) {
      reference = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(reference).matches()) {
        throw bad(uri, "'" + reference + "' is not a valid tag");
      }
    } else {
      reference = "latest";
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw bad(uri, "'" + rest + "' is not a repository name (lower case, digits, . _ - /)");
    }
    return new OciFile(registry, rest, reference, path);
  }

  /** The image as people write it, for messages. */
  public String image() {
    return registry + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
  }

  private static IllegalArgumentException bad(String uri, String why) {
    return new IllegalArgumentException(PODVM_IMAGE_URI + ": '" + uri + "': " + why);
  }
}
