package dev.osc.cli.mustgather;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output directory, laid out as {@code oc adm inspect} lays it out ({@code
 * cluster-scoped-resources/<group>/<plural>/<name>.yaml}, {@code namespaces/<ns>/...}). Every byte
 * goes through the {@link Redactor}, and a Secret cannot be written at all.
 */
public final class GatherTree {
  private final Path root;
  private final KubernetesSerialization yaml;
  private final AtomicInteger files = new AtomicInteger();
  private volatile Redactor redactor = Redactor.none();

  public GatherTree(Path root, KubernetesSerialization yaml) {
    this.root = root;
    this.yaml = yaml;
  }

  public Path root() {
    return root;
  }

  int files() {
    return files.get();
  }

  void hide(Iterable<String> secretValues) {
    redactor = redactor.hiding(secretValues);
  }

  /** Where an object of this group (empty: core) and plural goes. */
  static Path objectPath(String group, String plural, String namespace, String name) {
    Path base =
        namespace == null
            ? Path.of("cluster-scoped-resources")
            : Path.of("namespaces", safe(namespace));
    return base.resolve(group.isEmpty() ? "core" : group)
        .resolve(plural)
        .resolve(safe(name) + ".yaml");
  }

  void object(String group, String plural, HasMetadata object) {
    if (object instanceof Secret || "Secret".equals(object.getKind())) {
      throw new IllegalArgumentException("a Secret is never written");
    }
    object.getMetadata().setManagedFields(null);
    text(
        objectPath(
            group, plural, object.getMetadata().getNamespace(), object.getMetadata().getName()),
        yaml.asYaml(object));
  }

  void text(Path relative, String content) {
    try (BufferedWriter out = open(relative)) {
      out.write(redactor.redact(content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a log line by line (bounded memory), redacting each line. */
  void log(Path relative, Reader log) {
    try (BufferedReader in = new BufferedReader(log);
        BufferedWriter out = open(relative)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(redactor.redact(line));
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BufferedWriter open(Path relative) throws IOException {
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException(relative + " is outside the output directory");
    }
    Files.createDirectories(file.getParent());
    files.incrementAndGet();
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }

  static String safe(String name) {
    return name.replace('/', '_').replace("..", "_");
  }
}
