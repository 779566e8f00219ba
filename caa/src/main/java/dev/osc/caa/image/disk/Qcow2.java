package dev.osc.caa.image.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the guest's disk out of a qcow2 image (versions 2 and 3, as QEMU's {@code
 * docs/interop/qcow2.txt} describes them) and writes it as a raw disk, as {@code qemu-img convert
 * -O raw} does: data clusters as they are, compressed clusters inflated (deflate, the only
 * compression of version 2 and the default of 3), unallocated and zero clusters left as holes of a
 * sparse file. What a pod VM disk never needs is refused with a message naming it: a backing file,
 * encryption, an external data file, zstd compression, extended L2 entries, an image marked
 * corrupt.
 */
public final class Qcow2 implements AutoCloseable {
  static final int MAGIC = 0x514649fb; // "QFI\xfb"

  private static final long OFFSET_MASK = 0x00fffffffffffe00L; // bits 9-55
  private static final long COMPRESSED = 1L << 62;
  private static final long ZERO = 1L;
  private static final long INCOMPATIBLE_CORRUPT = 1L << 1;
  private static final long INCOMPATIBLE_DATA_FILE = 1L << 2;
  private static final long INCOMPATIBLE_COMPRESSION = 1L << 3;
  private static final long INCOMPATIBLE_EXTENDED_L2 = 1L << 4;
  private static final long INCOMPATIBLE_KNOWN = (1L << 5) - 1;

  private final FileChannel file;
  private final String name;
  private final int clusterBits;
  private final long clusterSize;
  private final long virtualSize;
  private final long[] l1;

  /** One guest cluster, reused; {@link #cluster} wraps it. */
  private final byte[] clusterBytes;

  private final ByteBuffer cluster;

  private Qcow2(FileChannel file, String name, Header h) throws IOException {
    this.file = file;
    this.name = name;
    this.clusterBits = h.clusterBits;
    this.clusterSize = 1L << h.clusterBits;
    this.virtualSize = h.size;
    this.l1 = readTable(h.l1Offset, h.l1Size, "L1 table");
    this.clusterBytes = new byte[(int) clusterSize];
    this.cluster = ByteBuffer.wrap(clusterBytes);
  }

  /** Whether the file starts as a qcow2 image does. */
  public static boolean is(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(4);
      return ch.read(b, 0) == 4 && b.getInt(0) == MAGIC;
    }
  }

  /** Opens and checks the header; IOException names what makes the image unusable. */
  public static Qcow2 open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      String name = path.getFileName().toString();
      return new Qcow2(ch, name, Header.read(ch, name));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The size of the guest's disk in bytes. */
  public long virtualSize() {
    return virtualSize;
  }

  /** Writes the guest's disk to {@code target} (created or truncated), sparse where it is empty. */
  public void writeRaw(Path target) throws IOException {
    long l2Entries = clusterSize / 8;
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < l1.length; i++) {
        long l2Offset = l1[i] & OFFSET_MASK;
        if (l2Offset == 0) {
          continue;
        }
        long[] l2 = readTable(l2Offset, (int) l2Entries, "L2 table " + i);
        for (int j = 0; j < l2.length; j++) {
          long guest = ((long) i * l2Entries + j) * clusterSize;
          if (guest >= virtualSize) {
            break;
          }
          if (!read(l2[j], guest)) {
            continue;
          }
          int length = (int) Math.min(clusterSize, virtualSize - guest);
          cluster.position(0).limit(length);
          while (cluster.hasRemaining()) {
            out.write(cluster, guest + cluster.position());
          }
        }
      }
      // The disk's full size, holes at the end included.
      if (out.size() < virtualSize) {
        out.write(ByteBuffer.allocate(1), virtualSize - 1);
      }
    }
  }

  /** Fills {@code cluster} with the guest's data at {@code guest}; false for a zero cluster. */
  private boolean read(long entry, long guest) throws IOException {
    cluster.clear();
    if ((entry & COMPRESSED) != 0) {
      inflate(entry, guest);
      return true;
    }
    long host = entry & OFFSET_MASK;
    if ((entry & ZERO) != 0 || host == 0) {
      return false;
    }
    readFully(cluster, host, "the cluster at guest offset " + guest);
    return true;
  }

  private void inflate(long entry, long guest) throws IOException {
    int x = 62 - (clusterBits - 8);
    long host = entry & ((1L << x) - 1);
    long sectors = ((entry & ~COMPRESSED & ~(1L << 63)) >>> x) + 1;
    long length = sectors * 512 - (host & 511);
    // The last compressed cluster's sectors may reach past the end of the file.
    length = Math.min(length, file.size() - host);
    if (length <= 0) {
      throw corrupt("the compressed cluster at guest offset " + guest + " is past the file's end");
    }
    byte[] compressed = new byte[(int) length];
    readFully(ByteBuffer.wrap(compressed), host, "the compressed cluster at guest offset " + guest);
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(compressed);
      int n = 0;
      while (n < clusterSize && !inflater.finished()) {
        int got = inflater.inflate(clusterBytes, n, (int) clusterSize - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (n != clusterSize) {
        throw corrupt(
            "the compressed cluster at guest offset " + guest + " inflates to " + n + " bytes");
      }
    } catch (DataFormatException e) {
      throw corrupt(
          "the compressed cluster at guest offset " + guest + " is not deflate: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }

  private long[] readTable(long offset, int entries, String what) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(entries * 8);
    readFully(b, offset, "the " + what);
    long[] table = new long[entries];
    b.asLongBuffer().get(table);
    return table;
  }

  private void readFully(ByteBuffer b, long offset, String what) throws IOException {
    if (offset < 0 || offset + b.remaining() > file.size()) {
      throw corrupt(what + " lies outside the file (offset " + offset + ")");
    }
    while (b.hasRemaining()) {
      if (file.read(b, offset + b.position()) < 0) {
        throw corrupt(what + " ends early");
      }
    }
    b.flip();
  }

  private IOException corrupt(String why) {
    return new IOException(name + ": not a readable qcow2 image: " + why);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** The header fields the conversion uses, checked. */
  private record Header(int clusterBits, long size, int l1Size, long l1Offset) {
    static Header read(FileChannel ch, String name) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(105);
      int n = 0;
      while (n < b.capacity()) {
        int got = ch.read(b, n);
        if (got < 0) {
          break;
        }
        n += got;
      }
      if (n < 72 || b.getInt(0) != MAGIC) {
        throw new IOException(name + ": not a qcow2 image (no QFI\\xfb header)");
      }
      int version = b.getInt(4);
      if (version != 2 && version != 3) {
        throw new IOException(name + ": qcow2 version " + version + " (osc reads 2 and 3)");
      }
      long backingOffset = b.getLong(8);
      int backingSize = b.getInt(16);
      if (backingOffset != 0) {
        throw new IOException(
            name
                + ": the qcow2 image has a backing file '"
                + backingName(ch, backingOffset, backingSize)
                + "'; osc converts self-contained images only (qemu-img convert makes one)");
      }
      int clusterBits = b.getInt(20);
      if (clusterBits < 9 || clusterBits > 21) {
        throw new IOException(name + ": qcow2 cluster_bits " + clusterBits + " (9 to 21)");
      }
      long size = b.getLong(24);
      if (b.getInt(32) != 0) {
        throw new IOException(name + ": the qcow2 image is encrypted; osc converts plain images");
      }
      int l1Size = b.getInt(36);
      long l1Offset = b.getLong(40);
      if (version == 3) {
        if (n < 104) {
          throw new IOException(name + ": the qcow2 version 3 header is cut short");
        }
        long incompatible = b.getLong(72);
        int headerLength = b.getInt(100);
        checkIncompatible(name, incompatible, headerLength > 104 && n > 104 ? b.get(104) : 0);
      }
      long perL2 = (1L << clusterBits) / 8;
      long clusters = (size + (1L << clusterBits) - 1) >>> clusterBits;
      if (size < 0 || l1Size < 0 || (long) l1Size * perL2 < clusters || l1Size > (1 << 25)) {
        throw new IOException(
            name
                + ": the qcow2 L1 table ("
                + l1Size
                + " entries) does not cover "
                + size
                + " bytes");
      }
      return new Header(clusterBits, size, l1Size, l1Offset);
    }

    private static void checkIncompatible(String name, long bits, int compressionType)
        throws IOException {
      if ((bits & INCOMPATIBLE_CORRUPT) != 0) {
        throw new IOException(name + ": the qcow2 image is marked corrupt (qemu-img check -r all)");
      }
      if ((bits & INCOMPATIBLE_DATA_FILE) != 0) {
        throw new IOException(name + ": the qcow2 image keeps its data in an external data file");
      }
      if ((bits & INCOMPATIBLE_COMPRESSION) != 0 && compressionType != 0) {
        throw new IOException(
            name
                + ": the qcow2 image is compressed with zstd; osc reads deflate"
                + " (qemu-img convert -c -o compression_type=zlib)");
      }
      if ((bits & INCOMPATIBLE_EXTENDED_L2) != 0) {
        throw new IOException(name + ": the qcow2 image has extended L2 entries (subclusters)");
      }
      if ((bits & ~INCOMPATIBLE_KNOWN) != 0) {
        throw new IOException(
            name
                + ": the qcow2 image has unknown incompatible features 0x"
                + Long.toHexString(bits));
      }
    }

    private static String backingName(FileChannel ch, long offset, int size) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(Math.max(0, Math.min(size, 1023)));
      ch.read(b, offset);
      return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
  }
}
