package dev.osc.caa.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.api.peerpods.PeerPodsKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one file out of a container image in a registry, the way a container runtime would see it:
 * the manifest for this machine's platform (from an index when the image has several), then the
 * layers from the top down, so the upper layer's copy wins and a whiteout ({@code .wh.<name>})
 * hides the lower ones. Every blob is checked against its digest, the manifest too when pulled by
 * digest; the file appears at the target only when all checked.
 */
public final class OciPuller {
  private static final Logger log = LoggerFactory.getLogger(OciPuller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WHITEOUT = ".wh.";

  private final SSLContext tls;
  private final String architecture;
  private final RegistryCredentials credentials;

  /**
   * @param tls whose roots to trust (the JDK's public roots in production)
   * @param architecture the platform to pick from a multi-arch image, in OCI's names (amd64, arm64,
   *     s390x, ppc64le)
   * @param credentials for registries that want them
   */
  public OciPuller(SSLContext tls, String architecture, RegistryCredentials credentials) {
    this.tls = tls;
    this.architecture = architecture;
    this.credentials = credentials;
  }

  /**
   * This JVM's machine, with the JDK's trusted roots and the credentials of {@code
   * $REGISTRY_AUTH_FILE}, else of the image Job's {@code /tmp/regauth/auth.json} when the optional
   * Secret {@code auth-json-secret} is there.
   */
  public static OciPuller forThisMachine(Map<String, String> env) throws IOException {
    String named = env.get(PeerPodsKeys.REGISTRY_AUTH_FILE);
    Path file =
        named != null && !named.isBlank()
            ? Path.of(named.trim())
            : Path.of(PeerPodsKeys.IMAGE_JOB_AUTH_DIR, PeerPodsKeys.AUTH_JSON_KEY);
    RegistryCredentials credentials =
        (named != null && !named.isBlank()) || Files.exists(file)
            ? RegistryCredentials.load(file)
            : RegistryCredentials.none();
    try {
      return new OciPuller(
          SSLContext.getDefault(), architecture(System.getProperty("os.arch")), credentials);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
    }
  }

  /** The JVM's os.arch in OCI's (Go's) names. */
  static String architecture(String osArch) {
    return switch (osArch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> osArch;
    };
  }

  /** Writes the image's file to {@code target}; IOException says what failed and where. */
  public void pull(OciFile file, Path target) throws IOException {
    RegistryClient registry =
        new RegistryClient(
            tls,
            file.registry(),
            file.repository(),
            credentials.basic(file.registry(), file.repository()).orElse(null));
    JsonNode manifest = manifest(registry, file);
    JsonNode layers = manifest.path("layers");
    if (!layers.isArray() || layers.isEmpty()) {
      throw new IOException(file.image() + ": the manifest lists no layers");
    }
    String wanted = strip(file.path());
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      for (int i = layers.size() - 1; i >= 0; i--) {
        JsonNode layer = layers.get(i);
        Found found = search(registry, layer, wanted, partial);
        if (found == Found.FILE) {
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
          log.info(
              "pulled {} from {} (layer {} of {}, {} bytes)",
              file.path(),
              file.image(),
              i + 1,
              layers.size(),
              Files.size(target));
          return;
        }
        if (found == Found.WHITEOUT) {
          break;
        }
      }
      throw new IOException(file.image() + " has no file " + file.path());
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private JsonNode manifest(RegistryClient registry, OciFile file) throws IOException {
    RegistryClient.Fetched fetched = registry.manifest(file.reference());
    if (file.reference().startsWith("sha256:")) {
      verify(file.reference(), sha256(fetched.body()), "manifest of " + file.image());
    }
    JsonNode doc = JSON.readTree(fetched.body());
    String type =
        fetched.mediaType().isEmpty() ? doc.path("mediaType").asText() : fetched.mediaType();
    if (!Media.isIndex(type) && !doc.has("manifests")) {
      return doc;
    }
    List<String> offered = new ArrayList<>();
    for (JsonNode m : doc.path("manifests")) {
      JsonNode platform = m.path("platform");
      String os = platform.path("os").asText("linux");
      String arch = platform.path("architecture").asText("");
      offered.add(os + "/" + arch);
      if (os.equals("linux") && arch.equals(architecture)) {
        String digest = m.path("digest").asText();
        RegistryClient.Fetched chosen = registry.manifest(digest);
        verify(digest, sha256(chosen.body()), "manifest " + digest + " of " + file.image());
        return JSON.readTree(chosen.body());
      }
    }
    throw new IOException(
        file.image()
            + " has no linux/"
            + architecture
            + " image (it has "
            + String.join(", ", offered)
            + ")");
  }

  private enum Found {
    FILE,
    WHITEOUT,
    NOTHING
  }

  private Found search(RegistryClient registry, JsonNode layer, String wanted, Path partial)
      throws IOException {
    String digest = layer.path("digest").asText();
    String type = layer.path("mediaType").asText();
    if (!Media.isGzipLayer(type) && !Media.OCI_LAYER.equals(type)) {
      throw new IOException(
          "layer " + digest + " is " + type + "; osc reads tar and tar+gzip" + " layers");
    }
    Set<String> hiding = hidingNames(wanted);
    boolean hidden = false;
    String notAFile = null;
    Found found = Found.NOTHING;
    MessageDigest sha = sha256();
    try (InputStream raw = registry.blob(digest);
        DigestInputStream counted = new DigestInputStream(raw, sha)) {
      try {
        InputStream tar = Media.isGzipLayer(type) ? new GZIPInputStream(counted, 1 << 16) : counted;
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = entries.getNextEntry();
            e != null && found == Found.NOTHING;
            e = entries.getNextEntry()) {
          String name = strip(e.getName());
          if (hiding.contains(name)) {
            hidden = true;
          } else if (name.equals(wanted) && !e.isFile()) {
            notAFile = e.isSymbolicLink() ? " (a symbolic link to " + e.getLinkName() + ")" : "";
            break;
          } else if (name.equals(wanted)) {
            try (OutputStream out = Files.newOutputStream(partial)) {
              entries.transferTo(out);
            }
            found = Found.FILE;
          }
        }
        tar.transferTo(OutputStream.nullOutputStream());
      } catch (IOException unreadable) {
        // A damaged download reads as a broken archive: the digest tells which it was.
        counted.transferTo(OutputStream.nullOutputStream());
        verify(digest, hex(sha), "layer");
        throw new IOException(
            "layer " + digest + " is not a readable " + type + ": " + unreadable.getMessage(),
            unreadable);
      }
      // The digest covers the whole blob, so read what the search did not need.
      counted.transferTo(OutputStream.nullOutputStream());
    }
    verify(digest, hex(sha), "layer");
    if (notAFile != null) {
      throw new IOException(
          "layer " + digest + ": /" + wanted + " is not a regular file" + notAFile);
    }
    return found == Found.NOTHING && hidden ? Found.WHITEOUT : found;
  }

  private static void verify(String expected, String actual, String what) throws IOException {
    if (!expected.equals(actual)) {
      throw new IOException(
          what + ": content does not match its digest " + expected + " (got " + actual + ")");
    }
  }

  /**
   * The entries of a layer that hide {@code path} in the layers below: a whiteout of the file or of
   * a directory above it, or an opaque-directory marker in a directory above it.
   */
  static Set<String> hidingNames(String path) {
    Set<String> names = new HashSet<>();
    int from = 0;
    while (true) {
      int slash = path.indexOf('/', from);
      String upTo = slash < 0 ? path : path.substring(0, slash);
      int last = upTo.lastIndexOf('/');
      names.add(upTo.substring(0, last + 1) + WHITEOUT + upTo.substring(last + 1));
      if (slash < 0) {
        return names;
      }
      names.add(upTo + "/" + WHITEOUT + WHITEOUT + ".opq");
      from = slash + 1;
    }
  }

  /** Tar names come as "image/x", "./image/x" or "/image/x"; directories end in "/". */
  private static String strip(String name) {
    String n = name;
    while (n.startsWith("./") || n.startsWith("/")) {
      n = n.substring(n.startsWith("./") ? 2 : 1);
    }
    return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
  }

  private static String sha256(byte[] body) {
    MessageDigest sha = sha256();
    sha.update(body);
    return hex(sha);
  }

  private static String hex(MessageDigest sha) {
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
