package dev.osc.caa.image.disk;

import static dev.osc.testkit.Programs.onPath;
import static dev.osc.testkit.Programs.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The qcow2 reader against images made by the real {@code qemu-img} (Debian's qemu-utils), its raw
 * output compared byte for byte with {@code qemu-img convert -O raw}.
 */
class Qcow2Test {
  static final String SKIPPED = "qemu-img not found (Debian qemu-utils): qcow2 tests skipped";

  @TempDir Path dir;

  @BeforeAll
  static void qemuImg() {
    assumeTrue(onPath("qemu-img"), SKIPPED);
  }

  /**
   * A guest disk of 5 MiB + 3 sectors (not a whole number of clusters): random data, a zeroed
   * stretch, text that compresses well, and a hole.
   */
  private Path guestDisk() throws IOException {
    Path raw = dir.resolve("guest.raw");
    Random random = new Random(42);
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
      f.setLength(5 * 1024 * 1024 + 1536);
      byte[] noise = new byte[300_000];
      random.nextBytes(noise);
      f.seek(0);
      f.write(noise);
      f.seek(1_048_576);
      f.write(new byte[200_000]);
      byte[] text = "pod VM disk sector ".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
      f.seek(2_000_123);
      f.write(text);
      f.seek(5 * 1024 * 1024 + 1536 - 777);
      f.write(noise, 0, 777);
    }
    return raw;
  }

  @ParameterizedTest
  @CsvSource({
    "compat=1.1,                     ''", // version 3, 64 KiB clusters
    "compat=0.10,                    ''", // version 2
    "'compat=1.1,cluster_size=512',  ''",
    "'compat=1.1,cluster_size=2M',   ''",
    "compat=1.1,                     -c", // compressed clusters (deflate)
    "compat=0.10,                    -c",
    "'compat=1.1,cluster_size=4096', -c",
  })
  void convertsAsQemuImgDoes(String options, String compress) throws Exception {
    Path raw = guestDisk();
    Path qcow2 = dir.resolve("disk.qcow2");
    List<String> make = new ArrayList<>(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2"));
    if (!compress.isEmpty()) {
      make.add(compress);
    }
    make.addAll(List.of("-o", options, raw.toString(), qcow2.toString()));
    run(make);
    Path expected = dir.resolve("expected.raw");
    run(
        List.of(
            "qemu-img",
            "convert",
            "-f",
            "qcow2",
            "-O",
            "raw",
            qcow2.toString(),
            expected.toString()));

    Path ours = dir.resolve("ours.raw");
    assertThat(Qcow2.is(qcow2)).isTrue();
    try (Qcow2 image = Qcow2.open(qcow2)) {
      assertThat(image.virtualSize()).isEqualTo(Files.size(raw));
      image.writeRaw(ours);
    }
    assertThat(Files.mismatch(ours, expected)).isEqualTo(-1L);
    assertThat(Files.mismatch(ours, raw)).isEqualTo(-1L);
  }

  @Test
  void zeroClustersOfVersion3ReadAsZeros() throws Exception {
    Path qcow2 = dir.resolve("zeros.qcow2");
    run(List.of("qemu-img", "create", "-f", "qcow2", "-o", "compat=1.1", qcow2.toString(), "1M"));
    run(
        List.of(
            "qemu-io",
            "-c",
            "write -P 0x5a 0 1M",
            "-c",
            "write -z 65536 131072",
            qcow2.toString()));
    Path expected = dir.resolve("expected.raw");
    run(List.of("qemu-img", "convert", "-O", "raw", qcow2.toString(), expected.toString()));

    Path ours = dir.resolve("ours.raw");
    try (Qcow2 image = Qcow2.open(qcow2)) {
      image.writeRaw(ours);
    }
    assertThat(Files.mismatch(ours, expected)).isEqualTo(-1L);
    byte[] bytes = Files.readAllBytes(ours);
    assertThat(bytes[65536]).isZero();
    assertThat(bytes[65535]).isEqualTo((byte) 0x5a);
  }

  @Test
  void aBackingFileIsRefusedByName() throws Exception {
    Path base = dir.resolve("base.qcow2");
    run(List.of("qemu-img", "create", "-f", "qcow2", base.toString(), "1M"));
    Path overlay = dir.resolve("overlay.qcow2");
    run(
        List.of(
            "qemu-img",
            "create",
            "-f",
            "qcow2",
            "-F",
            "qcow2",
            "-b",
            base.toString(),
            overlay.toString()));

    assertThatThrownBy(() -> Qcow2.open(overlay))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "overlay.qcow2: the qcow2 image has a backing file '"
                + base
                + "'; osc converts self-contained images only (qemu-img convert makes one)");
  }

  @Test
  void zstdCompressionIsRefused() throws Exception {
    Path qcow2 = dir.resolve("zstd.qcow2");
    run(
        List.of(
            "qemu-img",
            "create",
            "-f",
            "qcow2",
            "-o",
            "compression_type=zstd",
            qcow2.toString(),
            "1M"));

    assertThatThrownBy(() -> Qcow2.open(qcow2))
        .hasMessageStartingWith("zstd.qcow2: the qcow2 image is compressed with zstd");
  }

  @Test
  void aRawDiskIsNotQcow2() throws Exception {
    Path raw = guestDisk();
    assertThat(Qcow2.is(raw)).isFalse();
    assertThatThrownBy(() -> Qcow2.open(raw)).hasMessageContaining("not a qcow2 image");
  }

  @Test
  void aTruncatedImageIsAnErrorNotGarbage() throws Exception {
    Path qcow2 = dir.resolve("cut.qcow2");
    run(
        List.of(
            "qemu-img",
            "convert",
            "-f",
            "raw",
            "-O",
            "qcow2",
            guestDisk().toString(),
            qcow2.toString()));
    try (RandomAccessFile f = new RandomAccessFile(qcow2.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    assertThatThrownBy(
            () -> {
              try (Qcow2 image = Qcow2.open(qcow2)) {
                image.writeRaw(dir.resolve("out.raw"));
              }
            })
        .hasMessageContaining("cut.qcow2: not a readable qcow2 image");
  }
}
