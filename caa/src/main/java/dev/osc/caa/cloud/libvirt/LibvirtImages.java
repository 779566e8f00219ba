package dev.osc.caa.cloud.libvirt;

import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_DIR_NAME;
import static dev.osc.api.peerpods.PeerPodsKeys.LIBVIRT_POOL;
import static dev.osc.api.peerpods.PodVmImageKeys.PODVM_IMAGE_URI;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.image.ImageRequest;
import dev.osc.caa.image.PodVmImages;
import dev.osc.caa.image.oci.OciFile;
import dev.osc.caa.image.oci.OciPuller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.Stream;
import org.libvirt.jna.Libvirt.VirErrorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod VM image as the base volume of the pool, uploaded from a qcow2 file through a libvirt
 * stream (so the libvirt host may be remote). Its id is the volume name, which {@code
 * LIBVIRT_IMAGE_ID} names for the adaptor. The file is a local one ({@code file::}) or is first
 * pulled out of a container image ({@code oci::}) into a temporary directory.
 *
 * <p>The volume is created as qcow2 with the file's size as capacity and the upload replaces its
 * contents with the file, header and all. libvirt's test driver ({@code test:///default}) keeps no
 * volume contents and refuses uploads: there the volume is created and the upload is skipped. An
 * existing volume of that name is refused, never overwritten: it may be in use.
 *
 * <p>When the pool does not exist, it is made as the documentation says the operator does (6.2.5):
 * a directory pool named LIBVIRT_POOL at LIBVIRT_DIR_NAME, built, started and marked autostart; an
 * inactive pool is started. A pool this Job made is undefined again if the upload fails (its
 * directory stays: it may have been there before).
 */
public final class LibvirtImages implements PodVmImages {
  private static final int CHUNK = 1 << 20;
  private static final String PULLED = "podvm.qcow2";
  private static final Logger log = LoggerFactory.getLogger(LibvirtImages.class);

  private final Connect connect;
  private final String uri;
  private final String pool;
  private final String poolDir;
  private final OciPuller puller;

  /** Kept as a field: JNA must not lose the callback while libvirt holds it. */
  private final VirErrorCallback quietErrors =
      (userData, error) -> log.debug("libvirt: {}", error.message);

  private LibvirtImages(
      Connect connect, String uri, String pool, String poolDir, OciPuller puller) {
    this.connect = connect;
    this.uri = uri;
    this.pool = pool;
    this.poolDir = poolDir;
    this.puller = puller;
  }

  /**
   * Connects with the LIBVIRT_URI of the settings; the volume goes into their LIBVIRT_POOL, and
   * {@code oci::} images are pulled with {@code puller}.
   */
  public static LibvirtImages start(LibvirtSettings settings, OciPuller puller)
      throws CloudException {
    String where = LibvirtSettings.redacted(settings.uri());
    try {
      Connect connect = new Connect(settings.uri());
      LibvirtImages images =
          new LibvirtImages(connect, settings.uri(), settings.pool(), settings.poolDir(), puller);
      connect.setConnectionErrorCallback(images.quietErrors);
      return images;
    } catch (LinkageError e) {
      throw new CloudException(
          "libvirt: cannot load the libvirt client library libvirt.so.0"
              + " (Debian/Ubuntu package libvirt0, RHEL libvirt-libs): "
              + e.getMessage(),
          e);
    } catch (LibvirtException e) {
      throw new CloudException("libvirt connect to " + where + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized String create(ImageRequest request) throws CloudException {
    if (!OciFile.isOci(request.source())) {
      return create(request.name(), Path.of(request.source()));
    }
    OciFile image = OciFile.parse(request.source());
    Path dir = null;
    try {
      dir = Files.createTempDirectory("osc-podvm-image-");
      Path file = dir.resolve(PULLED);
      puller.pull(image, file);
      return create(request.name(), file);
    } catch (IOException e) {
      throw new CloudException(
          PODVM_IMAGE_URI
              + ": pulling "
              + image.path()
              + " from "
              + image.image()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private String create(String name, Path file) throws CloudException {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CloudException(PODVM_IMAGE_URI + ": " + file + " is not a readable file");
    }
    StoragePool made = null;
    try {
      StoragePool storage = existingPool();
      if (storage == null) {
        storage = made = definePool();
      }
      if (volume(storage, name) != null) {
        throw new CloudException(
            "libvirt: volume '"
                + name
                + "' already exists in pool '"
                + pool
                + "' ("
                + LIBVIRT_POOL
                + "); delete it or choose another IMAGE_NAME");
      }
      long size = Files.size(file);
      StorageVol volume = storage.storageVolCreateXML(VolumeXml.qcow2(name, size), 0);
      try {
        upload(volume, file, size);
      } catch (LibvirtException | IOException | RuntimeException e) {
        try {
          volume.delete(0);
        } catch (LibvirtException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
      log.info("libvirt: created volume {} in pool {} from {} ({} bytes)", name, pool, file, size);
      made = null;
      return name;
    } catch (LibvirtException e) {
      throw new CloudException("libvirt create volume " + name + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new CloudException(
          "libvirt upload of " + file + " to " + name + ": " + e.getMessage(), e);
    } finally {
      if (made != null) {
        removePool(made);
      }
    }
  }

  /** A directory pool at LIBVIRT_DIR_NAME, built (the directory made), started, autostarted. */
  private StoragePool definePool() throws LibvirtException, CloudException {
    StoragePool made;
    try {
      made = connect.storagePoolDefineXML(PoolXml.directory(pool, poolDir), 0);
    } catch (LibvirtException e) {
      throw new CloudException(
          "libvirt: storage pool '"
              + pool
              + "' ("
              + LIBVIRT_POOL
              + ") does not exist and defining it as a directory pool at '"
              + poolDir
              + "' ("
              + LIBVIRT_DIR_NAME
              + ") failed: "
              + e.getMessage(),
          e);
    }
    try {
      made.build(0);
      made.create(0);
      made.setAutostart(1);
    } catch (LibvirtException e) {
      removePool(made);
      throw new CloudException(
          "libvirt: storage pool '"
              + pool
              + "' ("
              + LIBVIRT_POOL
              + ") at '"
              + poolDir
              + "' ("
              + LIBVIRT_DIR_NAME
              + ") could not be built and started: "
              + e.getMessage(),
          e);
    }
    log.info("libvirt: created directory pool {} at {}", pool, poolDir);
    return made;
  }

  /**
   * Stops and undefines a pool this Job made. Its directory stays: it may have existed before (the
   * default is libvirt's own images directory).
   */
  private void removePool(StoragePool made) {
    try {
      if (made.isActive() == 1) {
        made.destroy();
      }
      made.undefine();
      log.info("libvirt: removed the pool {} this Job had made", pool);
    } catch (LibvirtException e) {
      log.warn("libvirt: could not remove pool {} again: {}", pool, e.getMessage());
    }
  }

  @Override
  public synchronized void delete(String imageId) throws CloudException {
    try {
      StorageVol volume = volume(pool(), imageId);
      if (volume == null) {
        log.info("libvirt: volume {} is already gone", imageId);
        return;
      }
      volume.delete(0);
      log.info("libvirt: deleted volume {} from pool {}", imageId, pool);
    } catch (LibvirtException e) {
      throw new CloudException("libvirt delete volume " + imageId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connect.close();
    } catch (LibvirtException e) {
      log.warn("libvirt: closing the connection failed: {}", e.getMessage());
    }
  }

  private void upload(StorageVol volume, Path file, long size)
      throws LibvirtException, IOException {
    Stream stream = connect.streamNew(0);
    try {
      volume.upload(stream, 0, size, 0);
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_SUPPORT && uri.startsWith("test:")) {
        log.info("libvirt: the test driver cannot upload; volume {} left empty", volume.getName());
        return;
      }
      throw e;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[CHUNK];
      ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
      for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
        buffer.clear();
        buffer.put(chunk, 0, n).flip();
        while (buffer.hasRemaining()) {
          stream.write(buffer);
        }
      }
      stream.finish();
    } catch (IOException | LibvirtException | RuntimeException e) {
      try {
        stream.abort();
      } catch (LibvirtException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  /** The pulled disk is the only file the puller leaves in its directory. */
  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(PULLED));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      log.warn("could not remove {}: {}", dir, e.getMessage());
    }
  }

  private StoragePool pool() throws LibvirtException, CloudException {
    StoragePool found = existingPool();
    if (found == null) {
      throw new CloudException(
          "libvirt: storage pool '" + pool + "' (" + LIBVIRT_POOL + ") not found");
    }
    return found;
  }

  /** The pool, started if it was inactive; null if there is none of that name. */
  private StoragePool existingPool() throws LibvirtException {
    StoragePool found;
    try {
      found = connect.storagePoolLookupByName(pool);
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_STORAGE_POOL) {
        return null;
      }
      throw e;
    }
    if (found.isActive() == 0) {
      found.create(0);
      log.info("libvirt: started the inactive pool {}", pool);
    }
    return found;
  }

  private static StorageVol volume(StoragePool pool, String name) throws LibvirtException {
    try {
      return pool.storageVolLookupByName(name);
    } catch (LibvirtException e) {
      if (e.getError().getCode() == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
        return null;
      }
      throw e;
    }
  }
}
