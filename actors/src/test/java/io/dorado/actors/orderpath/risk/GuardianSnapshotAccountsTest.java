package io.dorado.actors.orderpath.risk;

import static io.dorado.actors.orderpath.risk.Fixtures.T0;
import static io.dorado.actors.orderpath.risk.Fixtures.VENUE;
import static io.dorado.actors.orderpath.risk.Fixtures.d;
import static io.dorado.actors.orderpath.risk.Fixtures.fill;
import static io.dorado.actors.orderpath.risk.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.order.Side;
import io.dorado.protocol.risk.AckSigner;
import io.dorado.protocol.risk.GuardianEvent;
import io.dorado.protocol.risk.RiskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A guardian snapshot written before per-account books (one {@code book}, one {@code trippedSince}, manifest without a
 * version) is read with that book as the account of its orders' venue; events written then (no account) are folded
 * into the account of their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardianSnapshotAccountsTest {
  private final ActorTestKit kit = ActorTestKit.create("guardian-snapshot-accounts", TestConfigs.eventSourced());
  private final RiskEngine engine = Fixtures.engine(RiskPolicy.DEFAULT);
  private final GuardianDecisions decisions = new GuardianDecisions(new RiskGuardianActor.Settings("g", d("100000"),
      Duration.ofSeconds(30), AckSigner.ofSecret("guardian-snapshot-accounts-secret-0123"), Clock.fixed(T0, ZoneOffset.UTC),
      false), Fixtures.engine(Fixtures.noReview()));

  @AfterAll
  void stop() {
    kit.shutdownTestKit();
  }

  /** The state as the guardian before accounts wrote it: the one account's book and breakers at the top. */
  private static byte[] beforeAccounts(ObjectMapper cbor, byte[] written, String account) throws Exception {
    ObjectNode json = (ObjectNode) cbor.readTree(written);
    ObjectNode accounts = (ObjectNode) json.remove("accounts");
    json.remove("opening");
    json.set("book", accounts.get(account).get("book"));
    json.set("trippedSince", accounts.get(account).get("trippedSince"));
    return cbor.writeValueAsBytes(json);
  }

  @Test
  void a_snapshot_from_before_accounts_recovers_its_book_as_the_account_of_its_orders_venue() throws Exception {
    var serialization = SerializationExtension.get(kit.system().classicSystem());
    ObjectMapper cbor = JacksonObjectMapperProvider.get(kit.system().classicSystem()).getOrCreate("jackson-cbor",
        Optional.empty());
    GuardianState open = decisions.record(GuardianState.open(engine.policy(), d("100000"), T0),
        List.of(new GuardianEvent.PricesMarked(Map.of("AAPL", d("100")), T0)), T0).after();
    Order order = market("old-bot", "AAPL", Side.BUY, "10");
    GuardianState state = decisions.acknowledge(open, order, T0).after();
    var serializer = serialization.findSerializerFor(state);
    byte[] old = beforeAccounts(cbor, serialization.serialize(state).get(), VENUE);
    GuardianState now = state;

    for (String manifest : List.of(GuardianState.class.getName(), "io.dorado.actors.risk.GuardianState")) {
      var read = (GuardianState) serialization.deserialize(old, serializer.identifier(), manifest).get();

      assertEquals(List.of(VENUE), List.copyOf(read.accounts().keySet()), manifest);
      // A migrated tree comes back with its decimals normalized (1E+5 for 100000): equal in value, compared so.
      RiskBook was = now.account(VENUE).book();
      RiskBook book = read.account(VENUE).book();
      assertEquals(0, was.ledger().cash().compareTo(book.ledger().cash()), manifest);
      assertEquals(0, was.ledger().lastPrice("AAPL").compareTo(book.ledger().lastPrice("AAPL")), manifest);
      assertEquals(was.acknowledged().keySet(), book.acknowledged().keySet(), manifest);
      assertEquals(was.working().keySet(), book.working().keySet(), manifest);
      assertEquals(now.signed().keySet(), read.signed().keySet(), manifest);
      // An event of then (no account) goes to its order's account; new accounts open once the actor gives the cash.
      GuardianEvent oldFill = new GuardianEvent.FillRecorded(fill(order, "f-old", "10", "100"), T0);
      GuardianState after = read.withOpeningIfAbsent(open.opening()).apply(oldFill);
      assertEquals(d("10"), after.account(VENUE).book().ledger().position("AAPL").quantity(), manifest);
      assertNotNull(after.opening());
    }
  }
}
