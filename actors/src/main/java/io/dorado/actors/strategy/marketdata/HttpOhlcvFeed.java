package io.dorado.actors.strategy.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dorado.protocol.market.Bar;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Polls a REST OHLCV endpoint: {@code GET <url>?symbol=<symbol>[&since=<epoch ms>]} answering a JSON
 * array of bars, either objects {@code {"end": <epoch ms or ISO>, "open": .., "high": .., "low": ..,
 * "close": .., "volume": ..}} or exchange-style arrays {@code [openTime ms, open, high, low, close,
 * volume]} (the bar then ends {@code period} after its open time). Anything but a 200 is an error.
 */
public final class HttpOhlcvFeed implements OhlcvFeed {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final URI url;
  private final Duration period;
  private final Duration timeout;

  public HttpOhlcvFeed(URI url, Duration period, Duration timeout) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.url = url;
    this.period = period;
    this.timeout = timeout;
  }

  @Override
  public List<Bar> fetch(String symbol, Instant since) throws IOException, InterruptedException {
    String query = "symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
        + (since == null ? "" : "&since=" + since.toEpochMilli());
    URI uri = URI.create(url + (url.getQuery() == null ? "?" : "&") + query);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode());
    }
    return parse(symbol, response.body(), period);
  }

  static List<Bar> parse(String symbol, String body, Duration period) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isArray()) throw new IOException("expected a JSON array of bars");
    var bars = new ArrayList<Bar>(root.size());
    for (JsonNode b : root) {
      if (b.isArray()) {
        Instant open = Instant.ofEpochMilli(b.get(0).asLong());
        bars.add(new Bar(symbol, open.plus(period), period, dec(b.get(1)), dec(b.get(2)), dec(b.get(3)), dec(b.get(4)),
            b.size() > 5 ? dec(b.get(5)) : BigDecimal.ZERO));
      } else {
        JsonNode end = b.has("end") ? b.get("end") : b.get("time");
        if (end == null) throw new IOException("a bar needs 'end' (or 'time'): " + b);
        Instant at = end.isNumber() ? Instant.ofEpochMilli(end.asLong()) : Instant.parse(end.asText());
        bars.add(new Bar(symbol, at, period, dec(b.get("open")), dec(b.get("high")), dec(b.get("low")),
            dec(b.get("close")), b.has("volume") ? dec(b.get("volume")) : BigDecimal.ZERO));
      }
    }
    bars.sort(Comparator.comparing(Bar::end));
    return bars;
  }

  private static BigDecimal dec(JsonNode n) throws IOException {
    if (n == null || n.isNull()) throw new IOException("a bar is missing a price");
    return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
  }
}
