package io.dorado.actors.orderpath;

import io.dorado.actors.orderpath.venue.binance.BinanceSpotAdapter;
import io.dorado.actors.orderpath.venue.binance.FakeBinance;
import io.dorado.protocol.bot.Bot;
import java.math.BigDecimal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A fake Binance spot account (10,000 USDT, BTC quoted 41,990 / 42,010), a paper {@link BinanceSpotAdapter} on it and
 * an {@link OrderPathRig} over that adapter, its guardian marking BTC at 42,000: where the order-path tests on Binance
 * spot start. Its venue, guardian, keys and account are named after {@code name}, so one test kit can hold several.
 */
final class BinanceSpotPath implements AutoCloseable {
  final String venueId;
  final FakeBinance binance;
  final BinanceSpotAdapter adapter;
  final OrderPathRig path;

  BinanceSpotPath(ActorTestKit kit, String name) throws Exception {
    venueId = "binance-" + name;
    binance = new FakeBinance(name + "-key", name + "-api-secret");
    binance.balance("USDT", new BigDecimal("10000"));
    binance.quote(new BigDecimal("41990"), new BigDecimal("42010"));
    adapter = binance.adapter(venueId, name + "-account");
    path = OrderPathRig.builder(kit).secret("binance-" + name + "-test-secret-0123456789").guardianId("guardian-" + name)
        .venue(venueId, adapter).build();
    path.mark("BTC", "42000");
  }

  /** Bot {@code id}, its protection resting at Binance, entering long 0.03 BTC at 42,000 (stop 41,000, target 45,000). */
  ActorRef<Bot.Command> enter(String id) {
    // the fleet gives each bot its venue's capabilities: Binance spot sends a native OCO
    ActorRef<Bot.Command> bot = path.addBot(id, "bot-" + id, path.protectedAtVenue());
    path.create(bot, id, "crypto_momentum");
    path.enterLong(bot, id, "BTC", "42000", "41000", "45000");
    return bot;
  }

  @Override
  public void close() {
    adapter.close();
    binance.close();
  }
}
