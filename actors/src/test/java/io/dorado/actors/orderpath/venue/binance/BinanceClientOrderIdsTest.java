package io.dorado.actors.orderpath.venue.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dorado.protocol.order.ClientOrderId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinanceClientOrderIdsTest {

  final BinanceClientOrderIds ids = new BinanceClientOrderIds();

  @Test
  void an_ordinary_id_maps_to_a_valid_binance_id_and_back() {
    ClientOrderId id = ClientOrderId.of("btc-momentum-1", 42);
    String venue = ids.toVenue(id);
    assertEquals("dor:btc-momentum-1-42", venue);
    assertTrue(BinanceClientOrderIds.isValid(venue));
    assertEquals(Optional.of(id), ids.fromVenue(venue));
  }

  @Test
  void characters_binance_refuses_are_escaped_reversibly() {
    ClientOrderId id = ClientOrderId.of("bot.ä b/é", 7);
    String venue = ids.toVenue(id);
    assertTrue(BinanceClientOrderIds.isValid(venue), venue);
    assertEquals(Optional.of(id), new BinanceClientOrderIds().fromVenue(venue), "reversible without memory");
  }

  @Test
  void a_too_long_id_is_hashed_deterministically_and_reversed_by_the_process_that_mapped_it() {
    ClientOrderId id = ClientOrderId.of("a-very-long-bot-identifier-for-a-strategy", 123456);
    String venue = ids.toVenue(id);
    assertTrue(BinanceClientOrderIds.isValid(venue), venue);
    assertEquals(venue, new BinanceClientOrderIds().toVenue(id), "deterministic");
    assertEquals(Optional.of(id), ids.fromVenue(venue));
  }

  @Test
  void ids_placed_outside_the_fleet_are_not_ours() {
    assertEquals(Optional.empty(), ids.fromVenue("web_6gCrw2kRUAF9CvJDGP16IP"));
    assertEquals(Optional.empty(), ids.fromVenue("6gCrw2kRUAF9CvJDGP16IP"));
    assertEquals(Optional.empty(), ids.fromVenue("dor:nodash"));
  }

  @Test
  void an_oco_lists_legs_carry_its_id_plus_a_leg_suffix_deterministically_and_map_back_to_it() {
    ClientOrderId id = ClientOrderId.of("btc-momentum-1", 42);
    String stop = ids.leg(id, BinanceClientOrderIds.STOP_LEG);
    String target = ids.leg(id, BinanceClientOrderIds.TARGET_LEG);
    assertEquals("dor:btc-momentum-1-42/s", stop);
    assertEquals("dor:btc-momentum-1-42/t", target);
    assertTrue(BinanceClientOrderIds.isValid(stop) && BinanceClientOrderIds.isValid(target));
    assertEquals(Optional.of(id), new BinanceClientOrderIds().fromVenue(stop), "reversible without memory");
    assertEquals(Optional.of('t'), ids.legOf(target));
    assertEquals(Optional.empty(), ids.legOf(ids.toVenue(id)), "the list's own id is no leg");
    ClientOrderId slashy = ClientOrderId.of("a/b", 3); // a '/' in a bot id is escaped: never taken for a leg
    assertEquals(Optional.empty(), ids.legOf(ids.toVenue(slashy)));
    assertEquals(Optional.of(slashy), ids.fromVenue(ids.toVenue(slashy)));
    ClientOrderId longId = ClientOrderId.of("a-very-long-bot-identifier-for-a-strategy", 123456);
    String hashed = ids.leg(longId, BinanceClientOrderIds.STOP_LEG);
    assertTrue(BinanceClientOrderIds.isValid(hashed), hashed);
    assertEquals(hashed, new BinanceClientOrderIds().leg(longId, BinanceClientOrderIds.STOP_LEG), "deterministic");
    assertEquals(Optional.of(longId), ids.fromVenue(hashed));
    assertEquals(Optional.of('s'), ids.legOf(hashed));
  }
}
