package dev.osc.caa.vm;

import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.model.SandboxRequest;
import dev.osc.caa.net.PodTunnel;

/**
 * A sandbox the shim announced with CreateVM: what to launch for it, its pod's tunnel, and once
 * StartVM made it, the instance.
 *
 * @param instanceId null until the VM exists
 * @param tunnel null without pod tunnels
 */
public record Sandbox(
    SandboxRequest request,
    String instanceName,
    LaunchRequest launch,
    String instanceId,
    String address,
    PodTunnel tunnel) {

  public Sandbox(
      SandboxRequest request,
      String instanceName,
      LaunchRequest launch,
      String instanceId,
      String address) {
    this(request, instanceName, launch, instanceId, address, null);
  }

  Sandbox started(String id, String ip) {
    return new Sandbox(request, instanceName, launch, id, ip, tunnel);
  }

  Sandbox withTunnel(PodTunnel t) {
    return new Sandbox(request, instanceName, launch, instanceId, address, t);
  }
}
