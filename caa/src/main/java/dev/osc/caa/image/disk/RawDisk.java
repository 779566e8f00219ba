package dev.osc.caa.image.disk;

import dev.osc.caa.image.oci.OciFile;
import dev.osc.caa.image.oci.OciPuller;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod VM disk as a raw disk file, from a disk in a container image ({@code oci::}) or a local
 * file: a qcow2 image is converted with {@link Qcow2}, a raw disk is taken as it is (what EC2's
 * ImportSnapshot reads as {@code RAW}), other image formats are refused by name.
 */
public final class RawDisk {
  private static final Logger log = LoggerFactory.getLogger(RawDisk.class);

  private RawDisk() {}

  /** Returns the raw disk, written into {@code work} unless the source is already raw. */
  public static Path of(String source, OciPuller puller, Path work) throws IOException {
    Path disk;
    if (OciFile.isOci(source)) {
      disk = work.resolve("podvm.disk");
      puller.pull(OciFile.parse(source), disk);
    } else {
      disk = Path.of(source);
    }
    if (!Qcow2.is(disk)) {
      String other = otherFormat(disk);
      if (other != null) {
        throw new IOException(
            disk.getFileName() + " is a " + other + " image; osc imports qcow2 and raw disks");
      }
      return disk;
    }
    Path raw = work.resolve("podvm.raw");
    try (Qcow2 image = Qcow2.open(disk)) {
      image.writeRaw(raw);
      log.info(
          "converted {} (qcow2, {} bytes) to a raw disk of {} bytes",
          disk.getFileName(),
          Files.size(disk),
          image.virtualSize());
    }
    if (disk.startsWith(work)) {
      Files.delete(disk);
    }
    return raw;
  }

  /** The format of a disk image that is neither qcow2 nor raw, from its magic; null if none. */
  static String otherFormat(Path disk) throws IOException {
    try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.read(b, 0);
      String head = new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
      if (head.startsWith("KDMV")) {
        return "VMDK";
      }
      if (head.startsWith("vhdxfile")) {
        return "VHDX";
      }
      if (head.startsWith("conectix")) {
        return "VHD";
      }
      return null;
    }
  }
}
