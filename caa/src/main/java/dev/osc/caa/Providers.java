package dev.osc.caa;

import dev.osc.api.peerpods.PeerPodsKeys;
import dev.osc.api.peerpods.PeerPodsSettings;
import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.aws.AwsProvider;
import dev.osc.caa.cloud.aws.AwsSettings;
import dev.osc.caa.cloud.libvirt.LibvirtProvider;
import dev.osc.caa.cloud.libvirt.LibvirtSettings;
import dev.osc.caa.cloud.local.LocalProvider;

/** The provider CLOUD_PROVIDER names, configured from the same settings. */
public final class Providers {
  private Providers() {}

  public static CloudProvider create(PeerPodsSettings settings, LocalProvider.VmBooter localBooter)
      throws CloudException {
    return switch (settings.provider()) {
      case AWS -> AwsProvider.start(AwsSettings.from(settings));
      case LIBVIRT -> new LibvirtProvider(LibvirtSettings.from(settings));
      case LOCAL -> new LocalProvider(settings.get(PeerPodsKeys.LOCAL_LATENCY), localBooter);
    };
  }
}
