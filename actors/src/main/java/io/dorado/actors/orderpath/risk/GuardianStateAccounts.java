package io.dorado.actors.orderpath.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Guardian snapshots written before accounts (version 1: one {@code book}, one {@code trippedSince}) are read with
 * that book as one account's: the venue most of its acknowledged orders name (the paper venue every node had), or
 * {@value #LEGACY} when it names none. Its paper twins' history stays in that book; their new orders go to the
 * paper account. Events written before accounts carry none and go to the account of their order's venue.
 */
public final class GuardianStateAccounts extends JacksonMigration {

  /** The account of an old book whose orders name no venue (all forgotten): kept, shown, traded by no order. */
  public static final String LEGACY = "legacy";

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return fromVersion < 2 ? toAccounts(json) : json;
  }

  static JsonNode toAccounts(JsonNode json) {
    if (!(json instanceof ObjectNode root) || !root.has("book") || root.has("accounts")) return json;
    JsonNode book = root.remove("book");
    JsonNode tripped = root.remove("trippedSince");
    String id = venueOf(book);
    ObjectNode account = root.objectNode();
    account.put("id", id);
    account.put("venue", GuardianAccount.venueOf(id));
    account.set("book", book);
    if (tripped != null) account.set("trippedSince", tripped);
    root.putObject("accounts").set(id, account);
    return root;
  }

  /** The venue most acknowledged orders of the book name (ties: the first by name). */
  private static String venueOf(JsonNode book) {
    var counts = new TreeMap<String, Integer>();
    JsonNode acks = book.path("acknowledged");
    acks.elements().forEachRemaining(order -> {
      JsonNode venue = order.path("venue");
      if (venue.isTextual()) counts.merge(venue.asText(), 1, Integer::sum);
    });
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(LEGACY);
  }
}
