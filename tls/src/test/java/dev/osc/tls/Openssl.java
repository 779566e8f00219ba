package dev.osc.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The openssl command, the reference for what PEM issuers write and read. */
final class Openssl {
  private Openssl() {}

  static final boolean PRESENT = onPath();

  private static boolean onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "openssl"))) {
        return true;
      }
    }
    return false;
  }

  static void assumePresent() {
    assumeTrue(PRESENT, "openssl is not on PATH: the cross-checks with openssl are skipped");
  }

  /** Runs openssl in {@code dir}; its standard output, or a failure with its error output. */
  static String run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.PIPE)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + err);
    }
    return out;
  }

  /** The public half of the key in {@code keyFile}, as openssl derives it. */
  static PublicKey publicKey(Path dir, String keyFile, String algorithm)
      throws IOException, InterruptedException, GeneralSecurityException {
    String pem = run(dir, "pkey", "-in", keyFile, "-pubout");
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
  }
}
