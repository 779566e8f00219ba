package dev.osc.cli.mustgather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball is read back by the real tar, as a support engineer would. */
class TarballTest {
  @TempDir Path dir;

  @Test
  void tarListsAndExtractsEveryFile() throws Exception {
    Path tree = dir.resolve("must-gather");
    String longName =
        "namespaces/"
            + "n".repeat(60)
            + "/pods/"
            + "p".repeat(63)
            + "/"
            + "c".repeat(63)
            + "/previous.log";
    Files.createDirectories(tree.resolve(longName).getParent());
    Files.writeString(tree.resolve(longName), "old log\n");
    Files.writeString(tree.resolve("must-gather.txt"), "osc must-gather\n");
    Path tgz = dir.resolve("out.tar.gz");
    Tarball.write(tree, tgz);
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/tar")) || Files.isExecutable(Path.of("/bin/tar")),
        "no tar");
    Process list = new ProcessBuilder("tar", "-tzf", tgz.toString()).start();
    String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(list.waitFor()).isZero();
    assertThat(listing.lines())
        .containsExactlyInAnyOrder("must-gather/" + longName, "must-gather/must-gather.txt");
    Path out = Files.createDirectory(dir.resolve("x"));
    assertThat(
            new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", out.toString())
                .start()
                .waitFor())
        .isZero();
    assertThat(Files.readString(out.resolve("must-gather").resolve(longName)))
        .isEqualTo("old log\n");
  }
}
