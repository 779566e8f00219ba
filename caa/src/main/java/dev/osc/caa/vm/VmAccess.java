package dev.osc.caa.vm;

import dev.osc.caa.tls.ForwarderCredentials;

/**
 * How a pod VM is reached and what it may reach: the forwarder's TLS material it boots with, the
 * agent proxy serving its socket on the worker, the registry credentials it pulls with, and the
 * tunnel carrying its pod's network.
 */
public record VmAccess(
    ForwarderCredentials.Issuer credentials,
    ProxyStarter proxies,
    RegistryCredentials registry,
    PodNetworks networks) {

  /** VMs nothing talks to: for adaptors tested without VMs that boot. */
  public static final VmAccess NONE =
      new VmAccess(ForwarderCredentials.Issuer.NONE, ProxyStarter.NONE, RegistryCredentials.NONE);

  /** Without pod tunnels. */
  public VmAccess(
      ForwarderCredentials.Issuer credentials, ProxyStarter proxies, RegistryCredentials registry) {
    this(credentials, proxies, registry, PodNetworks.NONE);
  }

  /** A pod's registry credentials ({@code {"auths":{...}}}), or null without any. */
  @FunctionalInterface
  public interface RegistryCredentials {
    RegistryCredentials NONE = (namespace, pod) -> null;

    String authJson(String namespace, String pod);
  }
}
