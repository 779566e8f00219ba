package dev.osc.caa.hypervisor;

import dev.osc.ttrpc.Proto;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages of Kata's {@code hypervisor.proto} (package {@code hypervisor}), with its field
 * numbers: what the shim's remote hypervisor sends and expects back.
 */
public final class HypervisorMessages {
  private HypervisorMessages() {}

  public static final String SERVICE = "hypervisor.Hypervisor";
  public static final String CREATE_VM = "CreateVM";
  public static final String START_VM = "StartVM";
  public static final String STOP_VM = "StopVM";
  public static final String VERSION = "Version";

  /** {@code CreateVMRequest{id=1, annotations=2, networkNamespacePath=3}}. */
  public record CreateVmRequest(
      String id, Map<String, String> annotations, String networkNamespacePath) {
    public static CreateVmRequest decode(byte[] bytes) {
      Proto.Reader r = new Proto.Reader(bytes);
      String id = "";
      String netns = "";
      Map<String, String> annotations = new LinkedHashMap<>();
      while (r.next()) {
        switch (r.field()) {
          case 1 -> id = r.readString();
          case 2 -> {
            var e = r.readStringMapEntry();
            annotations.put(e.getKey(), e.getValue());
          }
          case 3 -> netns = r.readString();
          default -> r.skip();
        }
      }
      return new CreateVmRequest(id, annotations, netns);
    }

    public byte[] encode() {
      return new Proto.Writer()
          .string(1, id)
          .stringMap(2, annotations)
          .string(3, networkNamespacePath)
          .toByteArray();
    }
  }

  /** {@code CreateVMResponse{agentSocketPath=1}}. */
  public static byte[] createVmResponse(String agentSocketPath) {
    return new Proto.Writer().string(1, agentSocketPath).toByteArray();
  }

  public static String agentSocketPath(byte[] createVmResponse) {
    return stringField1(createVmResponse);
  }

  /** {@code StartVMRequest}, {@code StopVMRequest}: {@code id=1}. */
  public static byte[] idRequest(String id) {
    return new Proto.Writer().string(1, id).toByteArray();
  }

  public static String id(byte[] idRequest) {
    return stringField1(idRequest);
  }

  /** {@code VersionRequest}, {@code VersionResponse}: {@code version=1}. */
  public static byte[] version(String version) {
    return new Proto.Writer().string(1, version).toByteArray();
  }

  public static String version(byte[] message) {
    return stringField1(message);
  }

  /** {@code StartVMResponse} and {@code StopVMResponse} have no fields. */
  public static byte[] empty() {
    return new byte[0];
  }

  private static String stringField1(byte[] bytes) {
    Proto.Reader r = new Proto.Reader(bytes);
    String value = "";
    while (r.next()) {
      if (r.field() == 1) {
        value = r.readString();
      } else {
        r.skip();
      }
    }
    return value;
  }
}
