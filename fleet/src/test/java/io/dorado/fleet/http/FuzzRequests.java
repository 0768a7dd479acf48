package io.dorado.fleet.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded HTTP requests generated from the API's route table ({@code "POST /api/v1/bots/{botId}/pause"}, as
 * {@code HttpApi.operations()} lists them): each route with good and bad path parameters, its query parameters with
 * good and bad values, bodies that are valid for the route and the same bodies truncated, retyped, oversized, in
 * other encodings and under other content types, and every kind of credential. Plus requests beside the table: other
 * methods, unknown and odd paths. The same seed gives the same requests.
 */
final class FuzzRequests {

  /** Who the request claims to be. Only READER and OPERATOR carry a valid token. */
  enum Token { NONE, BAD, EMPTY_BEARER, BASIC, LONG, READER, OPERATOR }

  /** One request; {@code route} is the table entry it was generated for, or null for one beside the table. */
  record Request(String method, String path, Token token, String contentType, byte[] body, String route) {
    String describe() {
      String b = body == null ? "" : " body " + abbreviate(new String(body, StandardCharsets.UTF_8));
      return method + " " + abbreviate(path) + " [" + token + (contentType == null ? "" : ", " + contentType) + "]" + b;
    }
  }

  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z]+)}");
  private static final String[] CONTENT_TYPES = {
      "application/json", "application/json", "application/json", "text/plain", "application/yaml",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json; charset=ISO-8859-1",
      "application/octet-stream", "text/html", "application/cbor"};
  private static final String[] QUERY_NAMES = {"limit", "cursor", "bot", "days", "wake"};

  private final Random random;
  private final List<String> routes;
  private final List<String> botIds;
  private final String webhookSecret;
  private final String run;
  private final long maxBody;

  /**
   * @param routes the table, as {@code "METHOD /template"}
   * @param botIds bots that exist on the node (good path parameters)
   * @param run a prefix for ids this run creates, so they never meet another test's
   */
  FuzzRequests(long seed, List<String> routes, List<String> botIds, String webhookSecret, String run, long maxBody) {
    this.random = new Random(seed);
    this.routes = List.copyOf(routes);
    this.botIds = List.copyOf(botIds);
    this.webhookSecret = webhookSecret;
    this.run = run;
    this.maxBody = maxBody;
  }

  /** The next request; {@code authorized=false} never gives it a valid credential (token or webhook secret). */
  Request next(boolean authorized) {
    Token token = token(authorized);
    if (random.nextInt(12) == 0) return besideTheTable(token);
    String route = routes.get(random.nextInt(routes.size()));
    String method = route.substring(0, route.indexOf(' '));
    String template = route.substring(route.indexOf(' ') + 1);
    String path = fillPath(template) + query();
    if (random.nextInt(40) == 0) path = path + (path.contains("?") ? "" : "/"); // a trailing slash
    String contentType = null;
    byte[] body = null;
    if (!method.equals("GET") || random.nextInt(20) == 0) {
      String valid = validBody(template, authorized);
      body = mutate(valid);
      contentType = random.nextInt(10) < 7 ? (template.equals("/api/v1/bots") && random.nextInt(4) == 0
          ? "application/yaml" : "application/json") : pick(CONTENT_TYPES);
      if (body == null) contentType = random.nextBoolean() ? null : contentType;
    }
    return new Request(method, path, token, contentType, body, route);
  }

  private Token token(boolean authorized) {
    Token[] all = Token.values();
    if (authorized) return all[random.nextInt(all.length)];
    Token t = all[random.nextInt(all.length)];
    // READER is a valid token, but only to read: the routes that change anything refuse it (403).
    return t == Token.OPERATOR ? Token.READER : t;
  }

  // ---- paths and queries

  private String fillPath(String template) {
    Matcher m = PARAM.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(encode(pathParam(m.group(1)))));
    m.appendTail(out);
    return out.toString();
  }

  private String pathParam(String name) {
    int roll = random.nextInt(10);
    if (name.equals("botId") && roll < 5) return pick(botIds);
    if (name.equals("venue") && roll < 5) return pick("paper", "paper/paper", "binance", "oanda");
    if (name.equals("symbol") && roll < 5) return pick("BTC", "ETH", "BTCUSDT", "AAPL  131108P00445000");
    return weirdString();
  }

  private String query() {
    int n = random.nextInt(4) == 0 ? random.nextInt(4) : 0;
    if (n == 0) return "";
    StringBuilder q = new StringBuilder("?");
    for (int i = 0; i < n; i++) {
      if (i > 0) q.append('&');
      String name = random.nextInt(8) == 0 ? encode(weirdString()) : pick(QUERY_NAMES);
      q.append(name).append('=').append(encode(queryValue(name)));
    }
    return q.toString();
  }

  private String queryValue(String name) {
    if (random.nextBoolean()) {
      return switch (name) {
        case "limit" -> String.valueOf(random.nextInt(520));
        case "days" -> String.valueOf(random.nextInt(4000));
        case "bot" -> pick(botIds);
        case "wake" -> pick("true", "false", "1", "yes");
        default -> pick("", "abc", "AAAA", "0", "-1");
      };
    }
    return pick("-1", "0", "99999999999999999999", "1e3", "NaN", "", " ", "true", "null", "[]", weirdString());
  }

  private String weirdString() {
    return switch (random.nextInt(14)) {
      case 0 -> "";
      case 1 -> "..";
      case 2 -> "x".repeat(1 + random.nextInt(3000));
      case 3 -> "bot id with spaces";
      case 4 -> "%00";
      case 5 -> "ünïcödé-🙂";
      case 6 -> "\u0000\u0001\u007f";
      case 7 -> "UPPER-case";
      case 8 -> "a/b";
      case 9 -> "<script>alert(1)</script>";
      case 10 -> "' OR 1=1 --";
      case 11 -> run + "-nobody-" + random.nextInt(1000);
      case 12 -> "-1";
      default -> Long.toString(random.nextLong());
    };
  }

  /** Percent-encodes everything but unreserved characters (so any string fits a URI). */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private Request besideTheTable(Token token) {
    String path = pick("/", "/index.html", "/api", "/api/v1", "/api/v1/", "/api/v2/bots", "/api/v1/nothing-here",
        "/api/v1/bots/x/y/z", "/api//v1/bots", "/api/v1/../v1/bots", "/dashboard/../../etc/passwd", "/health/x",
        "/ready?x=1", "/api/v1/bots%2Fx", "/" + encode(weirdString()), "/api/v1/risk/kill-switch/now");
    String method = pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE");
    byte[] body = method.equals("GET") || method.equals("HEAD") || method.equals("TRACE") || random.nextBoolean()
        ? null : mutate("{\"reason\": \"fuzz\"}");
    return new Request(method, path, token, body == null ? null : "application/json", body, null);
  }

  // ---- bodies

  /** A body the route would take; with {@code authorized} false, the webhook's secret is wrong or missing. */
  private String validBody(String template, boolean authorized) {
    String bot = pick(botIds);
    return switch (template) {
      case "/api/v1/bots" -> random.nextInt(4) == 0 ? """
          id: %s
          universe: demo
          underlying: ETH
          venue: paper
          strategy_template: crypto_momentum
          signal_mode: webhook
          sizing:
            method: fixed_quantity
            quantity: 0.5
          """.formatted(run + "-y" + random.nextInt(3)) : """
          {"id": "%s", "universe": "%s", "underlying": "%s", "venue": "paper", "strategy_template": "%s",
           "signal_mode": "both", "approval_mode": "%s", "sizing": {"method": "fixed_quantity", "quantity": %s}}
          """.formatted(run + "-c" + random.nextInt(3), pick("demo", "demo", "nowhere"), pick("BTC", "ETH", "DOGE"),
          pick("crypto_momentum", "crypto_momentum", "no_such_template"), pick("auto_execute", "human_required"),
          pick("0.05", "1", "0", "-1", "1e999999999", "\"lots\"", "123456789012345678901234567890"));
      case "/api/v1/signals" -> """
          {"secret": "%s", "signal_id": "%s", "bot_id": "%s", "ticker": "%s", "action": "%s", "price": "%s"}
          """.formatted(authorized && random.nextBoolean() ? webhookSecret : pick("wrong", ""),
          run + "-s" + random.nextInt(1_000_000), bot, pick("BTC", "ETH", "BINANCE:ETHUSDT", "ETHUSDT.P", "XYZ"),
          pick("buy", "sell", "exit", "moon"), pick("2500.5", "0", "-1", "1e999999999", "abc"));
      case "/api/v1/approvals/{botId}/approve", "/api/v1/approvals/{botId}/reject" ->
          "{\"review_id\": \"%s\", \"reason\": \"fuzz\", \"tag\": \"%s\"}".formatted(bot + "/x", pick("gut feel", "<b>", ""));
      case "/api/v1/approvals/{botId}/annotate" -> "{\"review_id\": \"%s\", \"tag\": \"best credit\"}".formatted(bot + "/x");
      case "/api/v1/risk/trading-state" ->
          "{\"state\": \"%s\", \"reason\": \"fuzz\"}".formatted(pick("ACTIVE", "REDUCING", "HALTED", "PANIC", "active"));
      default -> random.nextInt(5) == 0 ? "" : "{\"reason\": \"fuzz %d\"}".formatted(random.nextInt(100));
    };
  }

  /** The body as is (often), or broken in one of many ways; null for no body at all. */
  private byte[] mutate(String valid) {
    byte[] utf8 = valid.getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(16)) {
      case 0 -> null;
      case 1 -> valid.substring(0, random.nextInt(Math.max(1, valid.length()))).getBytes(StandardCharsets.UTF_8);
      case 2 -> retyped(valid).getBytes(StandardCharsets.UTF_8);
      case 3 -> ("{\"reason\": \"" + "x".repeat((int) maxBody + random.nextInt(1000)) + "\"}").getBytes(StandardCharsets.UTF_8);
      case 4 -> nonUtf8(utf8);
      case 5 -> "[".repeat(2000 + random.nextInt(3000)).getBytes(StandardCharsets.UTF_8);
      case 6 -> pick("null", "[]", "{}", "\"\"", "0", "true", "{\"reason\": null}", "{\"reason\": \"a\", \"reason\": \"b\"}",
          "{\"reason\": \"fuzz\"} trailing", "\uFEFF{\"reason\": \"bom\"}", "{'reason': 'single'}",
          "{\"reason\": 1e999999999}", "{\"reason\": \"" + "\\u0000".repeat(50) + "\"}").getBytes(StandardCharsets.UTF_8);
      case 7 -> randomBytes(random.nextInt(200));
      case 8 -> valid.replace("}", ", \"unknown_field\": 1}").getBytes(StandardCharsets.UTF_8);
      case 9 -> ("{\"reason\": " + "9".repeat(2000) + "}").getBytes(StandardCharsets.UTF_8);
      default -> utf8;
    };
  }

  /** One value of the body replaced by a value of another JSON type. */
  private String retyped(String valid) {
    String replacement = pick("[1, 2]", "{}", "123", "true", "null", "\"s\"", "-0.0", "{\"nested\": [{}]}");
    Matcher m = Pattern.compile(":\\s*(\"[^\"]*\"|[-0-9.e]+|\\{[^{}]*})").matcher(valid);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) spans.add(new int[] {m.start(1), m.end(1)});
    if (spans.isEmpty()) return replacement;
    int[] s = spans.get(random.nextInt(spans.size()));
    return valid.substring(0, s[0]) + replacement + valid.substring(s[1]);
  }

  private byte[] nonUtf8(byte[] utf8) {
    byte[] out = utf8.clone();
    if (out.length == 0) return new byte[] {(byte) 0xC3};
    for (int i = 0; i < 1 + random.nextInt(4); i++) out[random.nextInt(out.length)] = (byte) (0x80 + random.nextInt(0x80));
    return out;
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ");
    return flat.length() > 120 ? flat.substring(0, 120) + "...(" + flat.length() + ")" : flat;
  }
}
