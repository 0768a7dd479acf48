package io.dorado.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signal ids for alerts that carry none (TradingView has no unique-id placeholder): a hash of the alert's content
 * with its time. With the alert's own fire time ({@code timenow}) the id is exact: every delivery of one firing
 * carries the same body. Without one, the receipt time counts, in buckets of {@code window}, so any node derives
 * the same id for a repeat within the bucket; a repeat that lands in the next bucket, less than {@code window} after
 * the first delivery this node saw, gets that first delivery's id. The same content after the window is a new
 * signal.
 */
final class AlertIds {
  /** Bounds the memory: only authenticated alerts reach it, and it forgets each after one window. */
  private static final int MAX_REMEMBERED = 10_000;

  private final Duration window;
  private final Map<String, Seen> recent = new LinkedHashMap<>();

  private record Seen(String id, Instant at) {}

  AlertIds(Duration window) {
    if (window.getSeconds() < 1) throw new IllegalArgumentException("the webhook dedupe window must be at least 1s");
    this.window = window;
  }

  /**
   * The id of an alert with this content.
   *
   * @param content the alert's fields that make it this signal (bot, ticker, action, prices), without its time
   * @param alertTime the alert's own time ({@code timenow}), or null
   */
  String idFor(List<String> content, Instant alertTime, Instant receivedAt) {
    String hash = hash(content);
    if (alertTime != null) return "tv-" + hash + "-" + alertTime.getEpochSecond();
    synchronized (this) {
      forgetBefore(receivedAt.minus(window));
      Seen first = recent.get(hash);
      if (first != null && Duration.between(first.at(), receivedAt).compareTo(window) < 0) return first.id();
      long bucket = Math.floorDiv(receivedAt.getEpochSecond(), window.getSeconds()) * window.getSeconds();
      String id = "tv-" + hash + "-w" + bucket;
      recent.remove(hash);
      recent.put(hash, new Seen(id, receivedAt));
      while (recent.size() > MAX_REMEMBERED) {
        recent.remove(recent.keySet().iterator().next());
      }
      return id;
    }
  }

  private void forgetBefore(Instant cutoff) {
    for (Iterator<Seen> it = recent.values().iterator(); it.hasNext(); ) {
      if (it.next().at().isBefore(cutoff)) it.remove();
      else break; // kept in receipt order
    }
  }

  private static String hash(List<String> content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String field : content) {
        sha.update((field == null ? "" : field).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x1f);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
