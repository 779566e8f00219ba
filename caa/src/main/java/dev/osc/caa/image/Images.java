package dev.osc.caa.image;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.aws.AwsImages;
import dev.osc.caa.cloud.aws.AwsSettings;
import dev.osc.caa.cloud.libvirt.LibvirtImages;
import dev.osc.caa.cloud.libvirt.LibvirtSettings;
import dev.osc.caa.image.oci.OciPuller;
import java.io.IOException;
import java.util.Map;

/** The image operations of a CLOUD_PROVIDER, from the same keys the adaptor reads. */
public final class Images {
  private Images() {}

  private static OciPuller puller(Map<String, String> env) {
    try {
      return OciPuller.forThisMachine(env);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "registry credentials ("
              + PeerPodsKeys.AUTH_JSON_SECRET
              + " or "
              + PeerPodsKeys.REGISTRY_AUTH_FILE
              + "): "
              + e.getMessage(),
          e);
    }
  }

  public static PodVmImages open(PeerPodsSettings settings, Map<String, String> env)
      throws CloudException {
    return switch (settings.provider()) {
      case AWS -> AwsImages.start(AwsSettings.from(settings), puller(env));
      case LIBVIRT -> LibvirtImages.start(LibvirtSettings.from(settings), puller(env));
      default ->
          throw new IllegalArgumentException(
              "CLOUD_PROVIDER: pod VM images are made for"
                  + " aws and libvirt only, not '"
                  + settings.provider()
                  + "'");
    };
  }
}
