package dev.osc.caa.image.oci;

/** The media types of image manifests and layers that a pull meets. */
final class Media {
  private Media() {}

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

  static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  static boolean isIndex(String type) {
    return OCI_INDEX.equals(type) || DOCKER_LIST.equals(type);
  }

  static boolean isGzipLayer(String type) {
    return OCI_LAYER_GZIP.equals(type) || DOCKER_LAYER_GZIP.equals(type);
  }
}
