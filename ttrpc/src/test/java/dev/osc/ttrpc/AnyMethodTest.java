package dev.osc.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relay serves every method of a service without listing them. */
class AnyMethodTest {
  private Fixture fixture;
  private TtrpcClient client;

  @BeforeEach
  void start() throws Exception {
    fixture =
        new Fixture(
            ServiceDefinition.builder("osc.test.Relay")
                .unary("Named", (ctx, req) -> bytes("named"))
                .anyMethod((ctx, req) -> bytes(ctx.service() + "/" + ctx.method()))
                .build(),
            ServiceDefinition.builder("osc.test.Strict")
                .unary("Named", (ctx, req) -> bytes("named"))
                .build());
    client = fixture.client();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    fixture.close();
  }

  @Test
  void unlistedMethodsReachTheCatchAllWithTheirName() throws Exception {
    assertThat(client.call("osc.test.Relay", "CreateContainer", new byte[0]))
        .isEqualTo(bytes("osc.test.Relay/CreateContainer"));
    assertThat(client.call("osc.test.Relay", "Anything", new byte[0]))
        .isEqualTo(bytes("osc.test.Relay/Anything"));
  }

  @Test
  void aNamedMethodWinsOverTheCatchAll() throws Exception {
    assertThat(client.call("osc.test.Relay", "Named", new byte[0])).isEqualTo(bytes("named"));
  }

  @Test
  void withoutCatchAllUnknownMethodsStayUnimplemented() {
    assertThatThrownBy(() -> client.call("osc.test.Strict", "Other", new byte[0]))
        .asInstanceOf(InstanceOfAssertFactories.type(TtrpcException.class))
        .extracting(TtrpcException::code)
        .isEqualTo(StatusCode.UNIMPLEMENTED);
  }

  @Test
  void oneCatchAllPerService() {
    var builder = ServiceDefinition.builder("x").anyMethod((ctx, req) -> req);
    assertThatThrownBy(() -> builder.anyMethod((ctx, req) -> req))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
