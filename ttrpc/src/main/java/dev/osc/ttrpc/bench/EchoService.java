package dev.osc.ttrpc.bench;

import dev.osc.ttrpc.Proto;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;

/**
 * {@code osc.test.Echo}, the service testbed/ttrpc-peer serves with Go ttrpc, implemented here with
 * the Java server so that either side can be tested against the other. Payloads are the protobuf
 * wrapper messages (BytesValue, StringValue, Int64Value: the value is field 1).
 *
 * <ul>
 *   <li>{@code Echo(BytesValue) BytesValue}: returns the request
 *   <li>{@code Fail(StringValue) StringValue}: value {@code "<code> <message>"}, fails with that
 *       status
 *   <li>{@code Sleep(Int64Value) Int64Value}: sleeps value ms (cut short at the deadline)
 *   <li>{@code Meta(StringValue) StringValue}: the metadata values under key value, joined with ","
 *   <li>{@code Big(Int64Value) BytesValue}: a response of value bytes
 * </ul>
 */
public final class EchoService {
  private EchoService() {}

  public static final String NAME = "osc.test.Echo";

  /** The service definition for a {@link dev.osc.ttrpc.TtrpcServer}. */
  public static ServiceDefinition definition() {
    return ServiceDefinition.builder(NAME)
        .unary("Echo", (ctx, req) -> bytesValue(readBytesValue(req)))
        .unary(
            "Fail",
            (ctx, req) -> {
              String[] codeAndMessage = readStringValue(req).split(" ", 2);
              throw new TtrpcException(
                  StatusCode.of(Integer.parseInt(codeAndMessage[0])),
                  codeAndMessage.length > 1 ? codeAndMessage[1] : "");
            })
        .unary(
            "Sleep",
            (ctx, req) -> {
              long ms = readInt64Value(req);
              Thread.sleep(ms);
              return int64Value(ms);
            })
        .unary(
            "Meta",
            (ctx, req) ->
                stringValue(String.join(",", ctx.metadata().getAll(readStringValue(req)))))
        .unary("Big", (ctx, req) -> bytesValue(new byte[(int) readInt64Value(req)]))
        .build();
  }

  public static byte[] bytesValue(byte[] value) {
    return new Proto.Writer().bytes(1, value).toByteArray();
  }

  public static byte[] stringValue(String value) {
    return new Proto.Writer().string(1, value).toByteArray();
  }

  public static byte[] int64Value(long value) {
    return new Proto.Writer().int64(1, value).toByteArray();
  }

  public static byte[] readBytesValue(byte[] message) {
    byte[] value = new byte[0];
    Proto.Reader r = new Proto.Reader(message);
    while (r.next()) {
      if (r.field() == 1) value = r.readBytes();
      else r.skip();
    }
    return value;
  }

  public static String readStringValue(byte[] message) {
    String value = "";
    Proto.Reader r = new Proto.Reader(message);
    while (r.next()) {
      if (r.field() == 1) value = r.readString();
      else r.skip();
    }
    return value;
  }

  public static long readInt64Value(byte[] message) {
    long value = 0;
    Proto.Reader r = new Proto.Reader(message);
    while (r.next()) {
      if (r.field() == 1) value = r.readInt64();
      else r.skip();
    }
    return value;
  }
}
