package io.dorado.actors.orderpath.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dorado.actors.testing.TestConfigs;
import io.dorado.protocol.bot.ApprovalMode;
import io.dorado.protocol.bot.Bot;
import io.dorado.protocol.bot.BotEvent;
import io.dorado.protocol.bot.BotState;
import io.dorado.protocol.order.Order;
import io.dorado.protocol.risk.RiskGuardian;
import io.dorado.protocol.signal.Signal;
import io.dorado.protocol.signal.SignalAction;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every order a bot intends names the trade's strategy template and the operator who approved the trade's entry (null
 * when it was approved automatically): the entry, its resting stop and target, and its exits; and a bot recovered from a
 * journal written before these fields existed does the same for the trade it holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderProvenanceTest {
  private static final String TEMPLATE = "crypto_momentum"; // BotFixture.config's
  private final ActorTestKit testKit = ActorTestKit.create("order-provenance", TestConfigs.eventSourced());
  private BotFixture bot;

  @BeforeEach
  void freshBot() {
    if (bot != null) bot.kit.clear();
    bot = new BotFixture(testKit, Duration.ofHours(1), l -> l, s -> s.withProtectiveOrders(true));
    bot.kit.clear();
  }

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static BigDecimal bd(String v) {
    return new BigDecimal(v);
  }

  private static <T> T only(List<BotEvent> events, Class<T> type) {
    var found = events.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), () -> type.getSimpleName() + " in " + events);
    return found.get(0);
  }

  /** A long entry with stop and target, reviewed by risk; approved by {@code by} unless the bot auto-executes. */
  private List<BotEvent> enter(ApprovalMode mode, String by) {
    bot.create(mode, Duration.ofHours(4));
    bot.send(new Signal("entry-1", BotFixture.BOT, "BTC", SignalAction.ENTER_LONG, bd("42000"), bd("41000"), bd("45000"),
        "test", bot.clock.instant()));
    var review = bot.guardian.expectMessageClass(RiskGuardian.ReviewTrade.class);
    var reviewed = bot.kit.runCommand(new BotMessages.RiskReviewed(new RiskGuardian.TradeApproved(
        review.proposal().reviewId(), bd("0.5"), bd("250"), "ok")));
    if (mode == ApprovalMode.AUTO_EXECUTE) return reviewed.events();
    return bot.ask(r -> new Bot.Approve(review.proposal().reviewId(), by, r)).events();
  }

  /** The entry fills: the protection it leads to. */
  private List<BotEvent> fillEntry(Order entry) {
    return bot.kit.runCommand(new BotMessages.OrderReported(bot.filled(entry, "0.5", "42000", true))).events();
  }

  @Test
  void anApprovedEntryItsStopItsTargetAndItsExitNameTheTemplateAndTheOperatorWhoApprovedTheEntry() {
    var entry = only(enter(ApprovalMode.HUMAN_REQUIRED, "telegram @alice"), BotEvent.OrderIntended.class);
    assertEquals(TEMPLATE, entry.template());
    assertEquals("telegram @alice", entry.approvedBy());

    var protection = fillEntry(entry.order()).stream().filter(BotEvent.ProtectionIntended.class::isInstance)
        .map(BotEvent.ProtectionIntended.class::cast).toList();
    assertEquals(2, protection.size(), protection::toString);
    for (var p : protection) {
      assertEquals(TEMPLATE, p.template(), p::toString);
      assertEquals("telegram @alice", p.approvedBy(), p::toString);
    }

    var partial = only(bot.ask(r -> new Bot.ReducePosition("tp-1", bd("0.2"), "first target", r)).events(),
        BotEvent.OrderIntended.class);
    assertEquals(List.of(TEMPLATE, "telegram @alice"), List.of(partial.template(), partial.approvedBy()));
  }

  @Test
  void anAutomaticallyApprovedTradeNamesItsTemplateAndNoOperator() {
    var entry = only(enter(ApprovalMode.AUTO_EXECUTE, null), BotEvent.OrderIntended.class);
    assertEquals(TEMPLATE, entry.template());
    assertNull(entry.approvedBy());
    fillEntry(entry.order());
    var exit = only(bot.send(bot.signal(SignalAction.EXIT, null)).events(), BotEvent.OrderIntended.class);
    assertEquals(TEMPLATE, exit.template());
    assertNull(exit.approvedBy());
  }

  @Test
  void aBotRecoveredFromAJournalWrittenBeforeTheFieldsClosesItsTradeNamingTheTemplateAndTheEntrysApprover() {
    var entry = only(enter(ApprovalMode.HUMAN_REQUIRED, "http:bob"), BotEvent.OrderIntended.class);
    fillEntry(entry.order());
    // The same journal as an older bot wrote it: its order intents name neither template nor approver.
    var journal = bot.kit.persistenceTestKit().persistedInStorage(BotEntity.persistenceId(BotFixture.BOT).id());
    List<Object> older = journal.stream().map(e -> e instanceof BotEvent.OrderIntended oi
        ? new BotEvent.OrderIntended(oi.botId(), oi.order(), oi.at())
        : e instanceof BotEvent.ProtectionIntended pi
            ? new BotEvent.ProtectionIntended(pi.botId(), pi.order(), pi.role(), pi.at()) : e).toList();
    bot.kit.clear();
    bot.kit.initialize(older.toArray());
    var state = assertInstanceOf(BotState.Monitoring.class, bot.kit.restart().state());
    assertEquals("http:bob", state.data().openTrade().approvedBy(), "from the replayed ExecutionApproved");

    var exit = only(bot.send(bot.signal(SignalAction.EXIT, null)).events(), BotEvent.OrderIntended.class);
    assertEquals(TEMPLATE, exit.template());
    assertEquals("http:bob", exit.approvedBy());
  }
}
