package dev.osc.caa;

import dev.osc.caa.cloud.CloudException;
import dev.osc.caa.cloud.CloudProvider;
import dev.osc.caa.cloud.aws.AwsProvider;
import dev.osc.caa.cloud.aws.AwsSettings;
import dev.osc.caa.cloud.libvirt.LibvirtProvider;
import dev.osc.caa.cloud.libvirt.LibvirtSettings;
import dev.osc.caa.cloud.local.LocalProvider;
import dev.osc.caa.config.Env;
import java.time.Duration;
import java.util.Map;

/** The provider CLOUD_PROVIDER names, configured from the same environment. */
public final class Providers {
  private Providers() {}

  /** The local provider's simulated cloud latency per launch and delete. */
  public static final String LOCAL_LATENCY = "LOCAL_LATENCY";

  public static CloudProvider create(String name, Map<String, String> env,
      LocalProvider.VmBooter localBooter) throws CloudException {
    switch (name) {
      case AwsProvider.NAME:
        return AwsProvider.start(AwsSettings.from(env));
      case LibvirtProvider.NAME:
        return new LibvirtProvider(LibvirtSettings.from(env));
      case LocalProvider.NAME:
        return new LocalProvider(new Env(env).duration(LOCAL_LATENCY, Duration.ZERO),
            localBooter);
      default:
        throw new IllegalArgumentException("CLOUD_PROVIDER: \"" + name
            + "\" is not one this adaptor runs (aws, libvirt, local)");
    }
  }
}
