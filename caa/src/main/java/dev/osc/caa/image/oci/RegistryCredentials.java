package dev.osc.caa.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.caa.model.RegistryAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a containers auth.json ({@code {"auths": {"<key>": {"auth":
 * base64(user:password)}}}}, or {@code username}/{@code password} fields), looked up the way the
 * containers tools do: the most specific key first ({@code registry/namespace/repo}, then its
 * parents, then {@code registry}), with Docker Hub's legacy key names. Values are never shown.
 */
public final class RegistryCredentials {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DOCKER_HUB_KEYS =
      List.of(
          "docker.io", "index.docker.io", "https://index.docker.io/v1/", "registry-1.docker.io");

  /** Key (registry[/path], without scheme) to the base64 user:password. */
  private final Map<String, String> auths;

  private RegistryCredentials(Map<String, String> auths) {
    this.auths = auths;
  }

  public static RegistryCredentials none() {
    return new RegistryCredentials(Map.of());
  }

  /** Reads an auth.json; IOException names the file (never its content) when it is unusable. */
  public static RegistryCredentials load(Path file) throws IOException {
    JsonNode doc;
    try {
      doc = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + " is not a JSON auth file: " + e.getClass().getSimpleName(), e);
    }
    Map<String, String> auths = new LinkedHashMap<>();
    var entries = doc.path("auths").fields();
    while (entries.hasNext()) {
      var e = entries.next();
      String auth = RegistryAuth.auth(e.getValue());
      if (auth != null) {
        auths.put(normalise(e.getKey()), auth);
      }
    }
    return new RegistryCredentials(Map.copyOf(auths));
  }

  /** The base64 user:password for pulling {@code repository} from {@code registry}. */
  public Optional<String> basic(String registry, String repository) {
    String path = registry + "/" + repository;
    while (true) {
      String auth = auths.get(path);
      if (auth != null) {
        return Optional.of(auth);
      }
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        break;
      }
      path = path.substring(0, slash);
    }
    if (registry.equals(OciFile.DOCKER_HUB)) {
      return DOCKER_HUB_KEYS.stream()
          .map(k -> auths.get(normalise(k)))
          .filter(a -> a != null)
          .findFirst();
    }
    return Optional.empty();
  }

  /** Keys may carry a scheme and a trailing slash (Docker's legacy form). */
  private static String normalise(String key) {
    String k = key.replaceFirst("^https?://", "");
    return k.endsWith("/") ? k.substring(0, k.length() - 1) : k;
  }
}
