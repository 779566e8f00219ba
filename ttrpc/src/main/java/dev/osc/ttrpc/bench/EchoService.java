package dev.osc.ttrpc.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import dev.osc.ttrpc.ServiceDefinition;
import dev.osc.ttrpc.StatusCode;
import dev.osc.ttrpc.TtrpcException;

/**
 * {@code osc.test.Echo}, the service testbed/ttrpc-peer serves with Go ttrpc, implemented here with
 * the Java server so that either side can be tested against the other. Payloads are protobuf's
 * wrapper messages (BytesValue, StringValue, Int64Value).
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
    return BytesValue.of(ByteString.copyFrom(value)).toByteArray();
  }

  public static byte[] stringValue(String value) {
    return StringValue.of(value).toByteArray();
  }

  public static byte[] int64Value(long value) {
    return Int64Value.of(value).toByteArray();
  }

  public static byte[] readBytesValue(byte[] message) {
    return parse(() -> BytesValue.parseFrom(message).getValue().toByteArray());
  }

  public static String readStringValue(byte[] message) {
    return parse(() -> StringValue.parseFrom(message).getValue());
  }

  public static long readInt64Value(byte[] message) {
    return parse(() -> Int64Value.parseFrom(message).getValue());
  }

  private interface Parser<T> {
    T parse() throws InvalidProtocolBufferException;
  }

  /** Unchecked, so that the helpers work in lambdas; in a handler it fails the call. */
  private static <T> T parse(Parser<T> parser) {
    try {
      return parser.parse();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
