package dev.osc.caa.vm;

import dev.osc.caa.cloud.LaunchRequest;
import dev.osc.caa.model.SandboxRequest;

/**
 * A sandbox the shim announced with CreateVM: what to launch for it, and once StartVM made it,
 * the instance.
 *
 * @param instanceId null until the VM exists
 */
public record Sandbox(SandboxRequest request, String instanceName, LaunchRequest launch,
    String instanceId, String address) {

  Sandbox started(String id, String ip) {
    return new Sandbox(request, instanceName, launch, id, ip);
  }
}
