package dev.osc.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, run against a kubeconfig file, as a user would. */
final class Kubectl {
  record Result(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path kubeconfig;

  Kubectl(String kubeconfigYaml) throws IOException {
    kubeconfig = Files.createTempFile("e2e-", ".kubeconfig");
    kubeconfig.toFile().deleteOnExit();
    Files.writeString(kubeconfig, kubeconfigYaml);
  }

  Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " timed out");
      }
      return new Result(
          p.exitValue(),
          new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /**
   * Waits until the CRD {@code name} is Established. kubectl's own wait fails at once ("accessor
   * error: <nil>") when it reads the CRD before the API server wrote any condition, so that is
   * asked again.
   */
  void established(String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Result r = run("wait", "--for=condition=Established", "crd/" + name, "--timeout=60s");
      if (r.exit() == 0) {
        return;
      }
      if (!r.err().contains("accessor error") || System.nanoTime() > deadline) {
        throw new AssertionError("CRD " + name + " not Established (" + r.exit() + "): " + r.err());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  /** Runs and requires success; returns stdout. */
  String ok(String... args) {
    Result r = run(args);
    if (r.exit() != 0) {
      throw new AssertionError(
          "kubectl " + String.join(" ", args) + " failed (" + r.exit() + "): " + r.err());
    }
    return r.out();
  }
}
