package dev.osc.ttrpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.osc.ttrpc.pb.KeyValue;
import dev.osc.ttrpc.pb.Status;

/**
 * The {@code ttrpc.Request} and {@code ttrpc.Response} messages carried in frames (generated from
 * src/main/proto/ttrpc.proto), as the records the client and server work with.
 */
final class Envelope {
  private Envelope() {}

  /** A decoded ttrpc.Request; {@code timeoutNanos} 0 means no deadline. */
  record Request(
      String service, String method, byte[] payload, long timeoutNanos, Metadata metadata) {}

  /** A decoded ttrpc.Response; code OK with an empty message on success. */
  record Response(StatusCode code, String message, byte[] payload) {}

  // Payloads are wrapped, not copied: the wrapper lives only until toByteArray() writes them out.

  static byte[] encode(Request r) {
    dev.osc.ttrpc.pb.Request.Builder b =
        dev.osc.ttrpc.pb.Request.newBuilder()
            .setService(r.service())
            .setMethod(r.method())
            .setPayload(UnsafeByteOperations.unsafeWrap(r.payload()))
            .setTimeoutNano(r.timeoutNanos());
    r.metadata()
        .asMap()
        .forEach(
            (key, values) ->
                values.forEach(
                    value -> b.addMetadata(KeyValue.newBuilder().setKey(key).setValue(value))));
    return b.build().toByteArray();
  }

  static Request decodeRequest(byte[] bytes) throws InvalidProtocolBufferException {
    dev.osc.ttrpc.pb.Request r = dev.osc.ttrpc.pb.Request.parseFrom(bytes);
    Metadata metadata = Metadata.EMPTY;
    for (KeyValue kv : r.getMetadataList()) {
      metadata = metadata.with(kv.getKey(), kv.getValue());
    }
    return new Request(
        r.getService(), r.getMethod(), r.getPayload().toByteArray(), r.getTimeoutNano(), metadata);
  }

  static byte[] encode(Response r) {
    // The status is always present, even for OK: the Go client of some versions requires it.
    return dev.osc.ttrpc.pb.Response.newBuilder()
        .setStatus(Status.newBuilder().setCode(r.code().value()).setMessage(r.message()))
        .setPayload(UnsafeByteOperations.unsafeWrap(r.payload()))
        .build()
        .toByteArray();
  }

  static Response decodeResponse(byte[] bytes) throws InvalidProtocolBufferException {
    // A missing status means OK (code 0), as Go ttrpc v1.2.x reads it; details are not surfaced.
    dev.osc.ttrpc.pb.Response r = dev.osc.ttrpc.pb.Response.parseFrom(bytes);
    return new Response(
        StatusCode.of(r.getStatus().getCode()),
        r.getStatus().getMessage(),
        r.getPayload().toByteArray());
  }
}
