package dev.osc.cli.mustgather;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** A gzip-compressed tar of the gathered tree (already redacted), entries under its name. */
public final class Tarball {
  private Tarball() {}

  public static void write(Path tree, Path tarball) throws IOException {
    Path top = tree.getFileName() == null ? Path.of("must-gather") : tree.getFileName();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(tree)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    Path tmp = tarball.resolveSibling(tarball.getFileName() + ".part");
    try (OutputStream file = Files.newOutputStream(tmp);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path f : files) {
        TarArchiveEntry entry =
            new TarArchiveEntry(f.toFile(), top.resolve(tree.relativize(f)).toString());
        tar.putArchiveEntry(entry);
        Files.copy(f, tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    Files.move(tmp, tarball, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
